/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Build-time default bundle URL (relative to the page). Default: `./bundle/`. */
  readonly VITE_BUNDLE_URL?: string;
}
