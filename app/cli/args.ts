/** The command-line options of `serve` and `start`: --port N, --host H and --data-dir DIR. */
export interface HostArgs {
  port: number;
  host: string;
  /** Where progress and settings are kept; unset: BACKPROP_ARENA_DATA_DIR or the platform's data folder. */
  dataDir?: string;
}

export class ArgsError extends Error {}

export function parseHostArgs(argv: readonly string[], defaults: HostArgs): HostArgs {
  const out = { ...defaults };
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++k];
      if (v === undefined) throw new ArgsError(`${name} needs a value`);
      return v;
    };
    if (name === '--port') {
      const v = value();
      const port = Number(v);
      if (!/^\d+$/.test(v) || port > 65535) throw new ArgsError(`--port must be a whole number from 0 to 65535, got "${v}"`);
      out.port = port;
    } else if (name === '--host') {
      const v = value();
      if (!/^[A-Za-z0-9.:-]+$/.test(v)) throw new ArgsError(`--host must be an address such as 127.0.0.1 or 0.0.0.0, got "${v}"`);
      out.host = v;
    } else if (name === '--data-dir') {
      const v = value();
      if (v.trim() === '') throw new ArgsError('--data-dir needs a folder');
      out.dataDir = v;
    } else {
      throw new ArgsError(`unknown option "${arg}"; the options are --port N, --host H and --data-dir DIR`);
    }
  }
  return out;
}
