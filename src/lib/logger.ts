import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

/** Field names whose values are never written to the log, wherever they appear. */
const SECRET_FIELDS = ['token', 'botToken', 'password', 'passphrase', 'privateKey', 'credentials'];

export interface LoggerOptions {
  readonly level?: string;
  /** One readable line per event instead of JSON (for development: `LOG_FORMAT=pretty`). */
  readonly pretty?: boolean;
  readonly destination?: pino.DestinationStream;
}

/** JSON lines on stderr (or readable lines). Secrets are redacted by field name, at the top level and one level down. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const paths = SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]);
  const destination = options.destination ?? (options.pretty === true ? prettyStream(process.stderr) : pino.destination(2));
  return pino({ level: options.level ?? 'info', redact: { paths, censor: '[secret]' } }, destination);
}

const LEVEL_NAMES: Readonly<Record<number, string>> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const OMITTED = new Set(['level', 'time', 'pid', 'hostname', 'msg']);

/** Turns one pino JSON line into `12:00:01 INFO time changed user=1 child=mia`. Pure. */
export function prettyLine(json: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return json;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return json;
  const record = parsed as Record<string, unknown>;
  const time = typeof record['time'] === 'number' ? new Date(record['time']).toTimeString().slice(0, 8) : '';
  const level = LEVEL_NAMES[Number(record['level'])] ?? String(record['level']);
  const fields = Object.entries(record)
    .filter(([key]) => !OMITTED.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return [time, level, typeof record['msg'] === 'string' ? record['msg'] : JSON.stringify(record['msg'] ?? ''), ...fields].filter((part) => part !== '').join(' ');
}

function prettyStream(target: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') target.write(`${prettyLine(line)}\n`);
      callback();
    },
  });
}
