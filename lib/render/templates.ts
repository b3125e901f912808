// The compiled templates. Development runs compile templates/ with Handlebars here; the
// bundle replaces this module with one that loads dist/templates.json (scripts/build.js,
// lib/render/compile.ts `templateModule`), so users never load Handlebars. Import it lazily
// where start-up matters: it is the largest thing a generation loads.
import { compileTemplates, loadTemplateSources } from './compile.js';
import type { Templates } from './render.js';

const templates: Templates = compileTemplates(loadTemplateSources());
export default templates;
