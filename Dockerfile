# Production image: the compiled app on Node 20, run as an unprivileged user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY views ./views
COPY public ./public
# The image has no TypeScript compiler: its npm scripts run the compiled JavaScript, so
# `docker compose exec app npm run cli -- users:create …` works as the README says.
RUN npm pkg set scripts.cli="node dist/src/cli.js" scripts.start="node --max-old-space-size=160 dist/src/main.js" \
      scripts.migration:run="node dist/src/cli.js migration:run" \
 && npm pkg delete scripts.prestart scripts.migration:generate scripts.test scripts.screenshots scripts.bench scripts.build scripts.typecheck
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# A bounded heap (as `npm start`): with V8's default, sized from the machine's memory, the heap grew
# to 400-500 MB between collections around a live set of 60-150 MB (docs/performance.md).
CMD ["node", "--max-old-space-size=160", "dist/src/main.js"]
