# syntax=docker/dockerfile:1

# Image of the LMS service. The same image runs the API (PROCESS_ROLE=api) and the background worker
# (PROCESS_ROLE=worker); see docker-compose.yml.
#   docker build -t pops-lms:local .

########## build: install everything, compile with `nest build` and build the web app (Vite), then drop the dev dependencies ##########
FROM node:20-bookworm-slim AS build
WORKDIR /app

# Dependencies first, so this layer is reused while only the source changes.
# No dependency needs its install script (argon2 and msgpackr ship prebuilt binaries), hence --ignore-scripts:
# no compiler or Python is needed in the slim image.
COPY package.json package-lock.json ./
COPY web/package.json ./web/package.json
RUN npm ci --ignore-scripts --no-audit --no-fund

COPY . .
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

########## runtime: compiled code, production dependencies, the Parties CSV ##########
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app

# Code stays owned by root (read-only for the app); only var/ (mail files written when SMTP_URL is unset, and
# var/files: uploaded material files, STORAGE_DIR, a volume in docker-compose.yml) is writable by the unprivileged
# `node` user of the official image.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The web application's build (hashed files with .br and .gz beside them), served at / by the API process.
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/data ./data
RUN mkdir -p /app/var/mail /app/var/files && chown -R node:node /app/var

USER node
EXPOSE 3000
# Old-generation heap capped at 192 MB: V8 otherwise lets garbage pile up towards a quarter of the host's memory before
# a full collection (the API measured ~300 MB resident under load without it, ~215 MB with it, at the same throughput;
# bench/RESULTS.md P6). bench/support/server.ts starts the benchmark servers with the same value.
ENV NODE_OPTIONS="--max-old-space-size=192"

# GET /health answers 200 when PostgreSQL and Redis answer. No curl in slim images: node's global fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]

# Not `npm start`: its prestart script would run `nest build` again (and the CLI is not installed here).
CMD ["node", "dist/src/main.js"]
