/**
 * Making content versions: `content publish` (the working files), `agencies import` and the console's registry
 * upload (a new registry on top of the active version), `content rollback N` (an old version's files again).
 * Each one validates the whole bundle exactly as an instance will load it (the files written to a temporary
 * folder and loaded from there) and stores nothing when it has an error; then it stores the files and a new
 * numbered version and makes it active. Instances switch to it by themselves (follower.ts).
 *
 * Where the registry comes from: it lives in the store, inside the versions. `content publish` takes flows/ and
 * content/ from the working folders and the registry from the active version (the first publish, with no version
 * yet, takes a registry left in the working content/agencies/ by older releases).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { loadBundle } from '../content/load.ts'
import type { ActionSpecs } from '../content/checks.ts'
import { hasErrors, type Problem } from '../content/problems.ts'
import {
  diffManifests,
  isRegistryPath,
  manifestOf,
  materializeSnapshot,
  readWorkingSnapshot,
  REGISTRY_FILES,
  type Snapshot,
} from '../content/snapshot.ts'
import type { ContentVersion, VersionStore } from '../store/versions.ts'
import type { Bundle } from '../content/bundle.ts'
import { loadRegistry } from '../content/agency-csv.ts'
import type { AgencyRegistry } from '../knowledge/agencies.ts'

export interface PublishContext {
  versions: VersionStore
  /** The working folders (FLOWS_DIR, CONTENT_DIR). */
  flowsDir: string
  contentDir: string
  actions: ActionSpecs
  /** Trained classifier weights kept between loads (LoadOptions.modelCacheDir): the check of a version reads them. */
  modelCacheDir?: string
  /** Who publishes (shown by `content versions`). Default: {@link defaultPublisher}. */
  by?: string
  now?: () => Date
}

export type PublishResult =
  | { ok: true; version: ContentVersion; unchanged?: false; problems: Problem[]; bundle: Bundle }
  | { ok: true; version: ContentVersion; unchanged: true; problems: Problem[] }
  | { ok: false; problems: Problem[] }

/** `user@host` of the operating system, for versions made without `--by`. */
export function defaultPublisher(): string {
  let user = process.env.USER ?? ''
  try {
    user = os.userInfo().username
  } catch {
    // A container user without a passwd entry: keep $USER.
  }
  return `${user || 'unknown'}@${os.hostname()}`
}

/**
 * Loads a snapshot as an instance would (written to a temporary folder, then `loadBundle`). Problems name the
 * files as `flows/…` and `content/…`.
 */
export function validateSnapshot(files: Snapshot, actions: ActionSpecs, now?: number, modelCacheDir?: string): { bundle?: Bundle; problems: Problem[] } {
  const dir = mkdtempSync(join(os.tmpdir(), 'migrasi-check-'))
  try {
    const folders = materializeSnapshot(files, dir)
    return loadBundle({ ...folders, actions, baseDir: dir, ...(now !== undefined ? { now } : {}), ...(modelCacheDir ? { modelCacheDir } : {}) })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The active version and its files, or nothing when no version was ever published. */
export async function activeSnapshot(versions: VersionStore): Promise<{ version: ContentVersion; files: Snapshot } | undefined> {
  const number = await versions.active()
  if (number === undefined) return undefined
  const version = await versions.get(number)
  if (!version) throw new Error(`the active content version ${number} is missing from the store`)
  return { version, files: await versions.getFiles(version.files) }
}

/**
 * The registry of the active version (for `agencies check`), or undefined when nothing is published or the active
 * version has no registry.
 */
export async function activeRegistry(versions: VersionStore): Promise<{ registry?: AgencyRegistry; problems: Problem[] } | undefined> {
  const number = await versions.active()
  const version = number === undefined ? undefined : await versions.get(number)
  if (!version) return undefined
  const manifest = Object.fromEntries(Object.entries(version.files).filter(([path]) => isRegistryPath(path)))
  if (Object.keys(manifest).length === 0) return undefined
  const dir = mkdtempSync(join(os.tmpdir(), 'migrasi-registry-'))
  try {
    const { contentDir } = materializeSnapshot(await versions.getFiles(manifest), dir)
    return loadRegistry(contentDir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** `content publish`: the working flows/ and content/, with the registry of the active version. */
export async function publishWorkingFiles(context: PublishContext, note?: string): Promise<PublishResult> {
  const active = await activeSnapshot(context.versions)
  const files = readWorkingSnapshot(context.flowsDir, context.contentDir, { withRegistry: active === undefined })
  if (active) for (const [path, bytes] of active.files) if (isRegistryPath(path)) files.set(path, bytes)
  return store(context, files, active?.version, { kind: 'publish', ...(note ? { note } : {}) })
}

/**
 * A new registry (the two files from `registryFiles`) on top of the active version, or on top of the working
 * files when nothing was published yet.
 */
export async function publishRegistry(
  context: PublishContext,
  registry: { csv: string; meta: string; asOf: string; rows: number },
  note?: string,
): Promise<PublishResult> {
  const active = await activeSnapshot(context.versions)
  // The same list with the same date again (a second click on "publish"): nothing to do.
  const sameList = active?.files.get(REGISTRY_FILES[0])?.equals(Buffer.from(registry.csv, 'utf8')) && active.version.registry?.asOf === registry.asOf
  if (active && sameList) return { ok: true, version: active.version, unchanged: true, problems: [] }
  const files = active ? new Map(active.files) : readWorkingSnapshot(context.flowsDir, context.contentDir)
  files.set(REGISTRY_FILES[0], Buffer.from(registry.csv, 'utf8'))
  files.set(REGISTRY_FILES[1], Buffer.from(registry.meta, 'utf8'))
  return store(context, files, active?.version, {
    kind: 'registry',
    registry: { asOf: registry.asOf, rows: registry.rows },
    ...(note ? { note } : {}),
  })
}

/** `content rollback N`: version N's files become a new version (history is never rewritten). */
export async function rollbackTo(context: PublishContext, number: number): Promise<PublishResult> {
  const target = await context.versions.get(number)
  if (!target) {
    return { ok: false, problems: [{ file: `version ${number}`, line: 0, col: 0, severity: 'error', message: `there is no content version ${number}; see \`content versions\`` }] }
  }
  const active = await activeSnapshot(context.versions)
  const files = await context.versions.getFiles(target.files)
  return store(context, files, active?.version, {
    kind: 'rollback',
    rollbackOf: number,
    note: `rollback to version ${number}`,
    ...(target.registry ? { registry: target.registry } : {}),
  })
}

async function store(
  context: PublishContext,
  files: Snapshot,
  before: ContentVersion | undefined,
  what: Pick<ContentVersion, 'kind'> & Partial<Pick<ContentVersion, 'note' | 'rollbackOf' | 'registry'>>,
): Promise<PublishResult> {
  const now = context.now?.() ?? new Date()
  const { bundle, problems } = validateSnapshot(files, context.actions, now.getTime(), context.modelCacheDir)
  if (!bundle || hasErrors(problems)) return { ok: false, problems }
  const manifest = manifestOf(files)
  const changes = diffManifests(before?.files, manifest)
  if (before && what.kind !== 'rollback' && changes.added.length + changes.changed.length + changes.removed.length === 0) {
    return { ok: true, version: before, unchanged: true, problems }
  }
  await context.versions.putBlobs(files)
  const registry = what.registry ?? (bundle.agencies ? { asOf: bundle.agencies.asOf, rows: bundle.agencies.agencies.length } : undefined)
  const version = await context.versions.create({
    createdAt: now.toISOString(),
    by: context.by ?? defaultPublisher(),
    kind: what.kind,
    ...(what.note ? { note: what.note } : {}),
    ...(what.rollbackOf !== undefined ? { rollbackOf: what.rollbackOf } : {}),
    ...(registry ? { registry } : {}),
    files: manifest,
    changes,
  })
  return { ok: true, version, problems, bundle }
}
