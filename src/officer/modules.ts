/**
 * Every piece of the officer console, in menu order of their own `nav` numbers. To add pages, write a
 * `ConsoleModule` (see the comment of `src/officer/console.ts`) and list it here.
 */
import { readFileSync } from 'node:fs'
import type { ConsoleModule } from './console.ts'
import { dashboardModule } from './pages/dashboard.ts'
import { healthModule } from './pages/health.ts'
import { homeModule } from './pages/home.ts'
import { questionsModule } from './pages/questions.ts'
import { auditModule } from './pages/audit.ts'
import { inboxModule } from './pages/inbox.ts'
import { leadsModule } from './pages/leads.ts'
import { officersModule } from './pages/officers.ts'
import { reportsModule } from './pages/reports.ts'
import { registryModule } from './pages/registry.ts'

/** The console's own stylesheet and script (and Chart.js, installed from npm, for pages with charts). */
const assetsModule: ConsoleModule = (console) => {
  console.asset('console.css', { text: readFileSync(new URL('./assets/console.css', import.meta.url), 'utf8'), type: 'text/css; charset=utf-8' })
  console.asset('console.js', { text: readFileSync(new URL('./assets/console.js', import.meta.url), 'utf8'), type: 'text/javascript; charset=utf-8' })
  console.asset('chart.umd.js', { file: new URL('../../node_modules/chart.js/dist/chart.umd.js', import.meta.url).pathname, type: 'text/javascript; charset=utf-8' })
}

export const CONSOLE_MODULES: readonly ConsoleModule[] = [assetsModule, homeModule, dashboardModule, inboxModule, leadsModule, reportsModule, questionsModule, healthModule, registryModule, auditModule, officersModule]
