// Web fonts for the scripts we speak, from the pinned @fontsource packages (npm ci), for
// `npm run build`. Copies only the WOFF2 files a language needs into static/vendor/fonts, each
// named by a hash of what made it (so WhiteNoise can let browsers keep it for ever: coproduce/web.py),
// and writes their @font-face rules to static/vendor/_fonts.scss, which app.scss loads. The
// rules carry a unicode-range, and app.scss applies each family only under its :lang(), so an
// English page downloads none of them. Never committed: static/vendor is made at setup.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import subsetFont from "subset-font";

const OUT = "static/vendor/fonts";
const URL_PATH = "/static/vendor/fonts";

function range(from, to) {
  let text = "";
  for (let code = from; code <= to; code++) text += String.fromCodePoint(code);
  return text;
}

// Noto Nastaliq Urdu's Arabic file is 156 KiB: cut to the Arabic block (which holds every Urdu
// letter, digit and mark) and the joiners and marks that shape them, it fits the 150 KB a first
// Urdu page may spend on fonts. Only the regular weight: bold is synthesised, as Nastaliq
// headings are told apart by size.
const URDU_TEXT = range(0x0600, 0x06ff) + "\u200c\u200d\u200e\u200f\u2010\u2011";
const URDU_RANGE = "U+0600-06FF, U+200C-200F, U+2010-2011";

// family, @fontsource package, subset, weights, and (for a cut file) the text to keep.
const FACES = [
  { family: "Noto Nastaliq Urdu", pkg: "noto-nastaliq-urdu", subset: "arabic", weights: [400], keep: URDU_TEXT, range: URDU_RANGE },
  { family: "Noto Naskh Arabic", pkg: "noto-naskh-arabic", subset: "arabic", weights: [400, 700] },
  { family: "Noto Sans Bengali", pkg: "noto-sans-bengali", subset: "bengali", weights: [400, 700] },
  { family: "Noto Sans Gurmukhi", pkg: "noto-sans-gurmukhi", subset: "gurmukhi", weights: [400, 700] },
  { family: "Noto Sans Gujarati", pkg: "noto-sans-gujarati", subset: "gujarati", weights: [400, 700] },
];

const hash = (...parts) => {
  const sum = createHash("sha256");
  for (const part of parts) sum.update(part);
  return sum.digest("hex").slice(0, 12);
};

mkdirSync(OUT, { recursive: true });
const made = new Set();
const rules = [];
for (const face of FACES) {
  const folder = join("node_modules", "@fontsource", face.pkg);
  const ranges = JSON.parse(readFileSync(join(folder, "unicode.json"), "utf8"));
  for (const weight of face.weights) {
    const stem = `${face.pkg}-${face.subset}-${weight}-normal`;
    const source = readFileSync(join(folder, "files", `${stem}.woff2`));
    const name = `${stem}.${hash(source, face.keep ?? "")}.woff2`;
    if (!existsSync(join(OUT, name))) {
      const font = face.keep ? await subsetFont(source, face.keep, { targetFormat: "woff2" }) : source;
      writeFileSync(join(OUT, name), font);
    }
    made.add(name);
    rules.push(
      `@font-face {\n  font-family: "${face.family}";\n  font-style: normal;\n  font-weight: ${weight};\n` +
        `  font-display: swap;\n  src: url("${URL_PATH}/${name}") format("woff2");\n` +
        `  unicode-range: ${face.range ?? ranges[face.subset]};\n}\n`,
    );
  }
}
for (const old of readdirSync(OUT)) if (!made.has(old)) rmSync(join(OUT, old));
writeFileSync("static/vendor/_fonts.scss", "// Made by scripts/fonts.mjs: do not edit.\n" + rules.join(""));
