/** Environment variables: the process environment, completed by `.env`. */
export type Env = Readonly<Record<string, string | undefined>>;
