# migrasi-aman: the assistant as one container. Build: docker build -t migrasi-aman .
# Run with Redis: docker compose up -d (compose.yaml). Details: docs/operations.md.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; tsx (a dependency) runs the TypeScript sources as they are.
# WhatsApp over Baileys (WHATSAPP_MODE=baileys) needs the optional @whiskeysockets/baileys (and sharp with it, about
# 47 MB): left out unless built with --build-arg WITH_BAILEYS=true. (`--omit=optional` would also drop esbuild's
# binary, which tsx needs; uninstalling the one package keeps the rest exactly as the lock file says.)
ARG WITH_BAILEYS=false
RUN npm ci --omit=dev --no-audit --no-fund \
 && if [ "$WITH_BAILEYS" != "true" ]; then npm uninstall --no-save --omit=dev --no-audit --no-fund @whiskeysockets/baileys; fi \
 && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=8080 \
    DATA_DIR=/data \
    LOG_LEVEL=info
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
COPY flows ./flows
COPY content ./content
# The embedded store's folder (leads, sessions) when REDIS_URL is not set, and WhatsApp Baileys' session.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# Liveness: /healthz on the same listener as the webhooks (exempt from the per-IP limit). The public /readyz says
# only ready or not; its details and /metrics are on METRICS_PORT (9464), bound to 127.0.0.1 unless METRICS_HOST
# says otherwise (set METRICS_HOST=0.0.0.0 only on a private network, to let Prometheus scrape it).
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM: stop intake, finish messages in flight, flush, exit (within 25 s; give the container 30 s).
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=64", "--import", "tsx", "src/main.ts"]
