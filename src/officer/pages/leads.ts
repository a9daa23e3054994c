/** The Leads page (training-interest leads): table, filters, export, deletion (see records-page.ts). */
import { inDays } from '../filters.ts'
import { LEAD_COLUMNS, leadRows } from '../tables.ts'
import { recordsModule } from './records-page.ts'

export const leadsModule = recordsModule({
  kind: 'leads',
  title: { id: 'Lead pelatihan', en: 'Training leads' },
  noun: { id: 'Lead', en: 'Lead' },
  nav: 20,
  regions: true,
  columns: LEAD_COLUMNS,
  load: async (store) => leadRows(await store.listLeads()).reverse(),
  matches: (lead, filter, labels) =>
    inDays(lead.createdAt, filter) &&
    (!filter.province || labels.province(lead.province) === filter.province) &&
    (!filter.interest || lead.interests.includes(filter.interest)) &&
    (!filter.destination || lead.destination === filter.destination),
  refOf: (lead) => lead.ref,
  remove: (store, lead) => store.deleteLead(lead.userKey, lead.id),
})
