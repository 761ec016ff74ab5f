# timekpr-bot: Node 24 runs the TypeScript sources directly (type stripping), so there is no build step.
# The Node version is the one package.json pins (devDependency "node"); test/image/image.sh reads it from here.

FROM node:24.21.0-bookworm-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only. No install scripts: ssh2's optional native speed-up is not needed.
# A build behind a proxy or with a CA of its own may pass its npm settings as the secret "npmrc"
# (docker build --secret id=npmrc,src=$HOME/.npmrc): used by this step only, never stored in the image.
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc \
    npm ci --omit=dev --ignore-scripts && npm cache clean --force

FROM node:24.21.0-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
# The helper the bot sends to the children's computers (the D-Bus backend); its tests stay out of the image.
COPY helper/timekpr-bot-helper.py ./helper/
# The config and keys are mounted read-only at /config. The database goes next to the config by default
# (storage.path ./data/timekpr-bot.sqlite), so /config/data is the volume, writable by the bot's user.
RUN mkdir -p /config/data && chown node:node /config/data
USER node
VOLUME ["/config/data"]
# Healthy while the bot keeps polling Telegram: it touches this file after every poll (at least every 30 s), and
# src/cli/health.ts fails once the file is older than 80 s. Two failed checks 20 s apart make the container
# unhealthy: between 100 and 120 s after the bot last reached Telegram.
ENV HEARTBEAT_FILE=/tmp/timekpr-bot.heartbeat
HEALTHCHECK --interval=20s --timeout=10s --start-period=30s --retries=2 CMD ["node", "src/cli/health.ts"]
ENTRYPOINT ["node"]
CMD ["src/main.ts", "--config", "/config/config.yaml"]
