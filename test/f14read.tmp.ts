import { realBundle } from './helpers/bundle.ts'
const b = realBundle()
for (const t of process.argv.slice(2)) {
  console.log(t, '\n  ', JSON.stringify(b.router?.read(t)), '\n  ', JSON.stringify((b.router as any)?.route?.(t)?.intent))
}
