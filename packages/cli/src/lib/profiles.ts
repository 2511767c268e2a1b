import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Profile {
  url: string;
  username?: string;
  /** Access token, or a personal API token. */
  token?: string;
  refresh_token?: string;
}

interface ProfilesFile {
  profiles: Record<string, Profile>;
}

/**
 * Saved logins, one per profile, in `<config dir>/config.json` (oclif's config dir, e.g.
 * ~/.config/secai; SECAI_CONFIG_DIR overrides it). The file holds tokens, so it is written 0600.
 */
export class Profiles {
  readonly path: string;

  constructor(configDir: string) {
    this.path = join(configDir, 'config.json');
  }

  read(): ProfilesFile {
    try {
      const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<ProfilesFile>;
      return { profiles: parsed.profiles ?? {} };
    } catch {
      return { profiles: {} };
    }
  }

  get(name: string): Profile | undefined {
    return this.read().profiles[name];
  }

  set(name: string, profile: Profile | undefined): void {
    const file = this.read();
    if (profile) file.profiles[name] = profile;
    else delete file.profiles[name];
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    // Write then rename, so a crash never leaves half a file; 0600 from the first byte.
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.path);
  }
}
