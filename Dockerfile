# graph-callrecords-mock: a deterministic mock of the Microsoft Graph call-records log functions.
#
#   docker build -t graph-callrecords-mock .
#   docker run --rm -p 3000:3000 -e MOCK_SCENARIO=large graph-callrecords-mock
#
# Configured by environment variables; `docker run --rm graph-callrecords-mock --help` lists them.

ARG NODE_IMAGE=node:22-bookworm-slim

# ---- deps: the production dependencies alone, straight from the lockfile -------------------
FROM ${NODE_IMAGE} AS deps
ENV NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: prepare would build, and neither TypeScript nor the sources are here.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# ---- build: every dependency, then compile server/, scenarios/ and openapi/ to dist/ ---------
FROM ${NODE_IMAGE} AS build
ENV NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: prepare would build before the sources are copied; the build runs below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY server ./server
COPY scenarios ./scenarios
COPY openapi ./openapi
# The QA console's browser code, bundled by tools/build-console.mjs into dist/console.
COPY console ./console
# The CLI bundle (tools/bundle-cli.mjs) is what the bin runs: dist/cli.
COPY tools/build-console.mjs tools/bundle-cli.mjs ./tools/
# tsconfig.build.json also names bench/, which the image leaves out.
RUN npm run build

# ---- runtime: the compiled server and its production dependencies, run as the node user ------
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The application files stay root's and read-only to the server. With MOCK_TLS=on it writes its
# local CA to its default directory, made here so that a volume mounted there belongs to node.
RUN mkdir -p /home/node/.local/share/graph-callrecords-mock/tls \
 && chown -R node:node /home/node/.local
USER node
EXPOSE 3000
# node, not curl (the slim image has none); reads PORT, HOST and speaks TLS when the server does.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "dist/server/bin/healthcheck.js"]
# Exec form: node is PID 1 and gets SIGTERM itself; the server stops accepting connections,
# finishes the requests in flight (MOCK_SHUTDOWN_GRACE, default 8 s, inside docker stop's 10 s)
# and exits 0.
ENTRYPOINT ["node", "dist/server/bin/main.js"]
