# syntax=docker/dockerfile:1
# Multi-stage image: dependencies and the build in throwaway stages, then a small runtime stage with only the
# compiled server, the built UIs, the SQL migrations and production dependencies, running as the `node` user.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# package.json overrides ngrok with this local stub (see README), so npm ci needs it before the rest.
COPY channels/messaging/ngrok-stub channels/messaging/ngrok-stub
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/server/db/migrations ./server/db/migrations
COPY --from=build /app/agent-ui/dist ./agent-ui/dist
COPY --from=build /app/widget/dist ./widget/dist
COPY --from=build /app/widget/demo/index.html ./widget/demo/index.html
# The embedded database (PGlite) lives in DATA_DIR when DATABASE_URL is unset: keep it on a volume.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/server/main.js"]
