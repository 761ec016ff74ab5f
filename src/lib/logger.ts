import pino, { type Logger } from 'pino';

/** Field names whose values are never written to the log, wherever they appear. */
const SECRET_FIELDS = ['token', 'botToken', 'password', 'passphrase', 'privateKey', 'credentials'];

/** JSON lines on stderr. Secrets are redacted by field name, at the top level and one level down. */
export function createLogger(options: { readonly level?: string; readonly destination?: pino.DestinationStream } = {}): Logger {
  const paths = SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]);
  return pino({ level: options.level ?? 'info', redact: { paths, censor: '[secret]' } }, options.destination ?? pino.destination(2));
}
