# timekpr-bot: the image runs the bundled build (scripts/build.ts, esbuild) as npm start does.
# The Node version is the one package.json pins (devDependency "node"); test/image/image.sh reads it from here.

FROM node:24.21.0-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Every dependency, for esbuild. No install scripts: esbuild's binary comes in its platform package, and ssh2's
# optional native speed-up is not needed. A build behind a proxy or with a CA of its own may pass its npm settings as
# the secret "npmrc" (docker build --secret id=npmrc,src=$HOME/.npmrc): used by the npm ci steps only, never stored.
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc \
    npm ci --ignore-scripts && npm cache clean --force
COPY . .
# /image: what the bot reads at run time, laid out as in the project (the bundle finds helper/ and locales/ by
# walking up from dist/): the bundle, package.json, the helper it sends to the children's computers (its tests stay
# out), and the bot's words (locales/) when the project has them.
RUN node scripts/build.ts \
    && mkdir -p /image/helper \
    && cp -R package.json dist /image/ \
    && cp helper/timekpr-bot-helper.py helper/setup-computer.sh /image/helper/ \
    && if [ -d locales ]; then cp -R locales /image/; fi

FROM node:24.21.0-bookworm-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# What the bundle leaves in node_modules (resvg's native module, the fonts, node-fetch): production dependencies only.
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc \
    npm ci --omit=dev --ignore-scripts && npm cache clean --force

FROM node:24.21.0-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=build /image/ ./
# /config holds config.yaml (the bot writes it when its first parent claims it, and when the setup changes from the
# chat) and keys/; it is mounted from the host, writable by the bot's user (1000). The database and the bot's own SSH
# key go to /config/data, the volume.
RUN mkdir -p /config/data && chown node:node /config /config/data
USER node
VOLUME ["/config/data"]
# Healthy while the bot keeps polling Telegram: it touches this file after every poll (at least every 30 s), and
# dist/health.js (src/cli/health.ts) fails once the file is older than 80 s. Two failed checks 20 s apart make the
# container unhealthy: between 100 and 120 s after the bot last reached Telegram.
ENV HEARTBEAT_FILE=/tmp/timekpr-bot.heartbeat
HEALTHCHECK --interval=20s --timeout=10s --start-period=30s --retries=2 CMD ["node", "dist/health.js"]
ENTRYPOINT ["node"]
# As package.json's start script (test/image checks that they agree): a young generation of 1 MB and V8's
# memory-saving mode keep the bot about 12 MB smaller (npm run bench).
EXPOSE 8477
CMD ["--max-semi-space-size=1", "--optimize-for-size", "dist/main.js", "--config", "/config/config.yaml"]
