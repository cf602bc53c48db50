# Production image: the API serving the built console. Multi-stage: build with the full
# workspace, run with production dependencies only.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN npm install -g pnpm@12.21.0
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json tsconfig.base.json ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY libs/domain/package.json libs/domain/
COPY libs/api-client/package.json libs/api-client/
COPY libs/api-contract/package.json libs/api-contract/
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm run build \
 && pnpm --filter @cs/api deploy --prod --legacy /out \
 && cp -r apps/web/dist /out/web-dist

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 WEB_DIST_DIR=/app/web-dist
WORKDIR /app
COPY --from=build /out /app
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:3000/health/ready').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# Heap budget and young generation as in scripts/start.sh (docs/operations.md).
CMD ["node", "--max-old-space-size=192", "--max-semi-space-size=32", "dist/main.js"]
