// The labeling page's script is a checked JavaScript file served as it is: the build copies it
// beside the compiled server (tsc compiles only the TypeScript).
import { copyFileSync, mkdirSync } from 'node:fs';

const PAGE_ASSETS = ['src/annotate/page/annotate-app.js'];
for (const file of PAGE_ASSETS) {
  mkdirSync(`dist/${file.slice(0, file.lastIndexOf('/'))}`, { recursive: true });
  copyFileSync(file, `dist/${file}`);
}
