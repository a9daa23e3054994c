/** Tests start their throw-away redis-server with the same code as the benchmark: `src/ops/redis-process.ts`. */
export { startRedis, type RedisServer } from '../../src/ops/redis-process.ts'
