/**
 * The source of a content bundle as plain files: what `content publish` stores as a numbered version and what an
 * instance writes back to a folder to load it. A snapshot maps a path (`flows/main.yaml`, `content/faq/biaya.yaml`,
 * `content/agencies/registry.csv`) to the file's bytes; the two top folders are always `flows/` and `content/`,
 * whatever FLOWS_DIR and CONTENT_DIR are called.
 *
 * Pure file handling: no store, no network (the store keeps snapshots; see src/store/versions.ts).
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'

/** Path (forward slashes, starting with `flows/` or `content/`) → bytes. */
export type Snapshot = Map<string, Buffer>

/** Path → SHA-256 of the bytes (hex): what a stored version lists. */
export type Manifest = Record<string, string>

/** The registry's files inside a snapshot (written by `agencies import`, never edited by hand). */
export const REGISTRY_FILES = ['content/agencies/registry.csv', 'content/agencies/registry.meta.yaml'] as const
const REGISTRY_DIR = 'content/agencies/'

/** What a new version changes against the one before it. */
export interface FileChanges {
  added: string[]
  changed: string[]
  removed: string[]
}

/** Files that are never content: editor leftovers, OS clutter, temporary files. */
function ignored(name: string): boolean {
  return name.startsWith('.') || name.endsWith('~') || name.endsWith('.tmp') || name.endsWith('.swp') || name === 'Thumbs.db'
}

function walk(root: string, prefix: string, into: Snapshot, skip: (path: string) => boolean): void {
  if (!existsSync(root)) return
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (ignored(name)) continue
      const full = join(dir, name)
      const stat = statSync(full)
      if (stat.isDirectory()) visit(full)
      else if (stat.isFile()) {
        const path = `${prefix}/${relative(root, full).split(sep).join('/')}`
        if (!skip(path)) into.set(path, readFileSync(full))
      }
    }
  }
  visit(root)
}

/**
 * Reads the working files: every file under `flowsDir` and `contentDir`. The registry (`content/agencies/`) is left
 * out unless `withRegistry`: it lives in the store and comes from the published version.
 */
export function readWorkingSnapshot(flowsDir: string, contentDir: string, options: { withRegistry?: boolean } = {}): Snapshot {
  const files: Snapshot = new Map()
  walk(flowsDir, 'flows', files, () => false)
  walk(contentDir, 'content', files, (path) => !options.withRegistry && path.startsWith(REGISTRY_DIR))
  return files
}

/** Whether a path belongs to the registry. */
export function isRegistryPath(path: string): boolean {
  return path.startsWith(REGISTRY_DIR)
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex')
}

export function manifestOf(files: Snapshot): Manifest {
  const manifest: Manifest = {}
  for (const path of [...files.keys()].sort()) manifest[path] = sha256(files.get(path)!)
  return manifest
}

/** Files added, changed and removed from `before` to `after` (each list sorted). */
export function diffManifests(before: Manifest | undefined, after: Manifest): FileChanges {
  const old = before ?? {}
  const added: string[] = []
  const changed: string[] = []
  for (const [path, hash] of Object.entries(after)) {
    if (!(path in old)) added.push(path)
    else if (old[path] !== hash) changed.push(path)
  }
  const removed = Object.keys(old).filter((path) => !(path in after))
  return { added: added.sort(), changed: changed.sort(), removed: removed.sort() }
}

/** One line about changes: `+2 ~1 -0: content/faq/biaya.yaml, …` (at most `max` names). */
export function describeChanges(changes: FileChanges, max = 4): string {
  const names = [...changes.added.map((p) => `+${p}`), ...changes.changed.map((p) => `~${p}`), ...changes.removed.map((p) => `-${p}`)]
  if (names.length === 0) return 'tidak ada file berubah (no file changed)'
  const shown = names.slice(0, max).join(', ')
  return `+${changes.added.length} ~${changes.changed.length} -${changes.removed.length}: ${shown}${names.length > max ? `, … (${names.length - max} more)` : ''}`
}

/** A path from a stored manifest is used as a file name: refuse anything that could leave the folder. */
export function safeSnapshotPath(path: string): boolean {
  return (
    /^(flows|content)\/[^\0]+$/.test(path) &&
    !path.split('/').some((part) => part === '' || part === '.' || part === '..') &&
    !path.includes('\\')
  )
}

/**
 * Writes a snapshot into `dir` (as `dir/flows/…` and `dir/content/…`) and returns the two folders to load from.
 * `dir` should be new and empty (a version is never written over another).
 */
export function materializeSnapshot(files: Snapshot, dir: string): { flowsDir: string; contentDir: string } {
  for (const [path, bytes] of files) {
    if (!safeSnapshotPath(path)) throw new Error(`refusing the stored path "${path}": not under flows/ or content/`)
    const target = join(dir, ...path.split('/'))
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, bytes)
  }
  const flowsDir = join(dir, 'flows')
  const contentDir = join(dir, 'content')
  mkdirSync(flowsDir, { recursive: true })
  mkdirSync(contentDir, { recursive: true })
  return { flowsDir, contentDir }
}
