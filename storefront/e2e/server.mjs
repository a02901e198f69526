// A throwaway Dinghuo server for the browser tests: a fresh database with the demo data, serving
// the built app (dist/) and the API on one port. On PostgreSQL + Redis when the test suite is
// (DINGHUO_TEST_DATABASE_URL / DINGHUO_TEST_REDIS_URL), else on an SQLite file in a temp folder.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const storefront = fileURLToPath(new URL('..', import.meta.url))
const root = join(storefront, '..')
const bin = join(root, '.venv', 'bin')
const port = process.env.E2E_PORT ?? '8765'

function databaseUrl() {
  const postgres = process.env.DINGHUO_TEST_DATABASE_URL
  if (!postgres) return `sqlite://${join(mkdtempSync(join(tmpdir(), 'dinghuo-e2e-')), 'dinghuo.sqlite3')}`
  const url = `${postgres}_web`
  const recreate = `
import asyncio, asyncpg, sys
from urllib.parse import urlsplit
async def main(url):
    parts = urlsplit(url)
    admin = await asyncpg.connect(url.rsplit('/', 1)[0] + '/postgres')
    name = parts.path.lstrip('/')
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
asyncio.run(main(sys.argv[1]))
`
  run(join(bin, 'python'), ['-c', recreate, url], process.env)
  return url
}

function run(command, args, env) {
  const result = spawnSync(command, args, { env, stdio: 'inherit', cwd: root })
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed with status ${result.status}`)
    process.exit(1)
  }
}

const env = {
  ...process.env,
  DINGHUO_DATABASE_URL: databaseUrl(),
  DINGHUO_PORT: port,
  DINGHUO_WEB_DIR: join(storefront, 'dist'),
  DINGHUO_PASSWORD_HASH_PROFILE: 'fast',
  DINGHUO_LOG_LEVEL: process.env.DINGHUO_LOG_LEVEL ?? 'WARNING',
}
delete env.DINGHUO_REDIS_URL
if (process.env.DINGHUO_TEST_REDIS_URL) env.DINGHUO_REDIS_URL = process.env.DINGHUO_TEST_REDIS_URL

run(join(bin, 'dinghuo'), ['migrate'], env)
run(join(bin, 'dinghuo'), ['seed-demo'], env)
const server = spawn(join(bin, 'dinghuo'), ['serve'], { env, stdio: 'inherit', cwd: root })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', (code) => process.exit(code ?? 0))
