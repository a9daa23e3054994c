/** The Recruiter reports page: table, date filter, export, deletion (see records-page.ts). */
import { inDays } from '../filters.ts'
import { REPORT_COLUMNS } from '../tables.ts'
import { recordsModule } from './records-page.ts'

export const reportsModule = recordsModule({
  kind: 'reports',
  title: { id: 'Laporan perekrut', en: 'Recruiter reports' },
  noun: { id: 'Laporan', en: 'Report' },
  nav: 30,
  regions: false,
  columns: REPORT_COLUMNS,
  load: async (store) => (await store.listReports()).reverse(),
  matches: (report, filter) => inDays(report.createdAt, filter),
  refOf: (report) => report.ref ?? report.id,
  remove: (store, report) => store.deleteReport(report.userKey, report.id),
})
