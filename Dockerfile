# syntax=docker/dockerfile:1
# timekpr-bot: Node 24 runs the TypeScript sources directly (type stripping), so there is no build step.

FROM node:24-bookworm-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only. No install scripts: ssh2's optional native speed-up is not needed.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

FROM node:24-bookworm-slim
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
# Healthy while the bot keeps polling Telegram (it touches this file after every poll).
ENV HEARTBEAT_FILE=/tmp/timekpr-bot.heartbeat
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 CMD ["node", "src/cli/health.ts"]
ENTRYPOINT ["node"]
CMD ["src/main.ts", "--config", "/config/config.yaml"]
