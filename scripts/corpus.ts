// Synthetic benchmark corpus: deterministic news/opinion articles generated from templates and
// a seeded PRNG (nothing is copied from real articles). Each article wraps a generated body in
// the kind of CMS furniture newsprep removes: breadcrumbs, section labels, bylines in several
// shapes, date lines, datelines, share widgets, comment forms, "The writer is ..." bios and
// "Published in ..." notes. About 86% English, 9% Russian, 5% Urdu; about 5 KB per article.
// The same (count, seed) always gives the same bytes, on any machine.
// Run: npx tsx scripts/corpus.ts DIR COUNT   (writes DIR/<group>/<style>-<n>.txt)
import * as fs from "node:fs"
import * as path from "node:path"

/** mulberry32: small, fast, deterministic. */
const seededRandom = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
type Random = () => number
const pick = <T>(random: Random, items: ReadonlyArray<T>): T => items[Math.floor(random() * items.length)]!
const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1))
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

const words = (s: string) => s.split("|")

const english = {
  subjects: words("the foreign minister|officials in Islamabad|the prime minister|analysts in Moscow|the defence ministry|diplomats from both countries|the central bank|Mr. Khan|Dr. Petrova|the delegation|business leaders in Karachi|the U.S. State Department|a senior official|the energy regulator|the two governments|the joint commission|observers in Kabul|the trade ministry|lawmakers|the army chief"),
  verbs: words("said|argued|warned|announced|suggested|noted|insisted|confirmed|told reporters|acknowledged|claimed|reported|explained|estimated"),
  clauses: words("that talks on the pipeline would resume next month|that bilateral trade had grown by 4.5 per cent in a year|that the agreement covered defence, energy and education|that sanctions continued to complicate payments between banks|that the project was delayed by disputes over financing|that both sides wanted a peaceful settlement in Afghanistan|that a new round of military exercises was planned in the mountains|that wheat and citrus exports could pay for oil imports|that the visit marked a new chapter in relations|that the costs of the project had risen to $2.5 billion|that more than 300 engineers would work along the route|that the region needed fewer declarations and more trade|that no date had been set for the next meeting|that the security situation remained fragile|that the proposal would be studied by experts"),
  openers: words("However,|Meanwhile,|In a statement,|On Tuesday,|Last week,|According to officials,|For now,|Still,|In practice,|By contrast,|At the same time,|Earlier this year,"),
  remarks: words("The numbers do not match the rhetoric.|None of this guarantees success.|Some of these obstacles are easy to remove.|Others require political will.|The politics are less tidy.|The economics are straightforward.|Security is the quiet third pillar.|It is a long road from declarations to deliveries.|Much depends on the price of oil.|Few expect a quick breakthrough."),
  places: words("ISLAMABAD|MOSCOW|KARACHI|LAHORE|KABUL|BEIJING|NEW DELHI|PESHAWAR"),
  names: words("Saad Hasan|Riffat Mirza|Abby Rahman|Sana Kirmani|Olga Vetrova|Tom Hogue|Ayesha Malik|Igor Smirnov|Bilal Qureshi|Maria Ivanova|John Wells|Nadia Ahmed"),
  titleWords: words("pipeline|partnership|trade|wheat|energy|security|talks|sanctions|barter|exercises|corridor|diplomacy|oil|visit"),
  months: words("January|February|March|April|May|June|July|August|September|October|November|December"),
  sections: words("Opinion|World|Business|Pakistan|Editorial|Analysis|Energy|Diplomacy")
}

const russian = {
  subjects: words("министр иностранных дел|представители Пакистана|глава правительства|эксперты в Москве|министерство обороны|дипломаты обеих стран|центральный банк|делегация|российские компании|пресс-служба ведомства"),
  verbs: words("заявил|сообщил|отметил|подчеркнул|напомнил|уточнил|признал"),
  clauses: words("что переговоры о газопроводе продолжатся в следующем месяце|что товарооборот вырос на 4,5% за год|что соглашение охватывает оборону, энергетику и образование|что санкции осложняют расчеты между банками|что стороны проведут совместные учения в горах|что визит открывает новую страницу в отношениях|что стоимость проекта превысила 2,5 млрд долларов|что дата следующей встречи пока не определена"),
  openers: words("Кроме того,|Между тем,|Ранее|В среду|По словам экспертов,|При этом"),
  months: words("января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"),
  places: words("МОСКВА|ИСЛАМАБАД|КАРАЧИ|САНКТ-ПЕТЕРБУРГ"),
  names: words("Ольга Ветрова|Игорь Смирнов|Мария Иванова|Алексей Петров")
}

const urdu = {
  subjects: words("وزیر خارجہ|پاکستانی حکام|وزیر اعظم|ماسکو میں ماہرین|وزارت دفاع|دونوں ممالک کے سفارتکار|مرکزی بینک|وفد"),
  verbs: words("نے کہا|نے بتایا|نے واضح کیا|نے اعلان کیا"),
  clauses: words("کہ پائپ لائن پر مذاکرات اگلے ماہ دوبارہ شروع ہوں گے|کہ دونوں ممالک کے درمیان تجارت میں اضافہ ہوا ہے|کہ معاہدے میں دفاع اور توانائی شامل ہیں|کہ پابندیوں کی وجہ سے بینکوں کے درمیان ادائیگیاں مشکل ہیں|کہ دونوں ممالک پہاڑوں میں مشترکہ فوجی مشقیں کریں گے|کہ اگلی ملاقات کی تاریخ ابھی طے نہیں ہوئی"),
  places: words("اسلام آباد|کراچی|لاہور|ماسکو")
}

const englishSentence = (random: Random): string => {
  const roll = random()
  if (roll < 0.12) return pick(random, english.remarks)
  const opener = roll < 0.4 ? `${pick(random, english.openers)} ` : ""
  const subject = opener === "" ? capitalise(pick(random, english.subjects)) : pick(random, english.subjects)
  const sentence = `${opener}${subject} ${pick(random, english.verbs)} ${pick(random, english.clauses)}`
  if (random() < 0.15) return `“${capitalise(pick(random, english.clauses).replace(/^that /, ""))},” ${pick(random, english.subjects)} ${pick(random, english.verbs)}.`
  return `${sentence}${random() < 0.3 ? `, and ${pick(random, english.clauses).replace(/^that /, "")}` : ""}.`
}
const russianSentence = (random: Random): string =>
  `${random() < 0.3 ? `${pick(random, russian.openers)} ` : ""}${pick(random, russian.subjects)} ${pick(random, russian.verbs)}, ${pick(random, russian.clauses)}.`
    .replace(/^./, (c) => c.toUpperCase())
const urduSentence = (random: Random): string =>
  `${pick(random, urdu.subjects)} ${pick(random, urdu.verbs)} ${pick(random, urdu.clauses)}۔`

const paragraphs = (random: Random, sentence: (r: Random) => string, count: number): Array<string> =>
  Array.from({ length: count }, () => Array.from({ length: between(random, 2, 5) }, () => sentence(random)).join(" "))

const englishDate = (random: Random) => `${pick(random, english.months)} ${between(random, 1, 28)}, ${between(random, 2015, 2025)}`
const englishTitle = (random: Random) =>
  `${capitalise(pick(random, english.titleWords))}, ${pick(random, english.titleWords)} and the ${pick(random, english.titleWords)} question`

/** Each style is one kind of page: furniture above and below a generated body. */
const englishStyles: ReadonlyArray<(random: Random, body: Array<string>) => string> = [
  (r, body) => // newspaper opinion page
    [pick(r, english.sections).toUpperCase(), englishTitle(r), `The ${pick(r, english.titleWords)} needs fewer declarations and more work`, pick(r, english.names),
      "Updated 5 hours ago", ...body, "The writer is a former ambassador.", `Twitter: @${pick(r, english.names).split(" ")[0]!.toLowerCase()}`,
      `Published in Dawn, ${englishDate(r)}`].join("\n\n"),
  (r, body) => // blog platform
    [`Home » ${pick(r, english.sections)} » ${pick(r, english.sections)}`, englishTitle(r), `Posted on ${englishDate(r)} by ${pick(r, english.names)}`, ...body,
      "Share this:\nTwitter\nFacebook", "Like this:\nLike Loading...", "Related", "Leave a Reply Cancel reply",
      "Your email address will not be published. Required fields are marked *", "Name *\n\nEmail *\n\nWebsite"].join("\n\n"),
  (r, body) => { // wire story
    const [first = "", ...rest] = body
    return [`${pick(r, english.sections)} News`, `${englishDate(r)} / ${between(r, 1, 12)}:${String(between(r, 0, 59)).padStart(2, "0")} AM / Updated 5 hours ago`,
      englishTitle(r), `By ${pick(r, english.names)}`, `${pick(r, english.places)} (Reuters) - ${first}`, ...rest,
      `(Reporting by ${pick(r, english.names)}; Editing by ${pick(r, english.names)})`, "Our Standards: The Thomson Reuters Trust Principles."].join("\n\n")
  },
  (r, body) => // think-tank site
    ["Centre for Eurasian Policy", `Home › ${pick(r, english.sections)}`, englishTitle(r),
      `Submitted by ${pick(r, english.names)} on Mon, ${String(between(r, 1, 12)).padStart(2, "0")}/${String(between(r, 1, 28)).padStart(2, "0")}/${between(r, 2015, 2025)} - 10:15`,
      ...body, `Tags: ${pick(r, english.titleWords)}, ${pick(r, english.titleWords)}`, "Log in or register to post comments", "Add new comment", "Your name", "Comment *", "Save Preview"].join("\n\n"),
  (r, body) => // plain text, headline only
    [englishTitle(r), ...body].join("\n\n")
]

const russianArticle = (r: Random): string => {
  const [first = "", ...rest] = paragraphs(r, russianSentence, between(r, 6, 14))
  const day = between(r, 1, 28)
  const month = pick(r, russian.months)
  return ["ТАСС", "Информационное агентство России", "Международная панорама", `${day} ${month} ${between(r, 2015, 2025)}, 12:47`,
    `${capitalise(pick(r, russian.subjects))} ${pick(r, russian.verbs)} о переговорах`, `${pick(r, russian.places)}, ${day} ${month}. /ТАСС/. ${first}`, ...rest].join("\n\n")
}
const urduArticle = (r: Random): string =>
  [`${pick(r, urdu.subjects)} کا دورہ`, `${pick(r, urdu.places)}: ${paragraphs(r, urduSentence, 1)[0]}`, ...paragraphs(r, urduSentence, between(r, 6, 14)),
    "شیئر کریں"].join("\n\n")

/** One article: its style name (used in the file name) and its text. */
export const generateArticle = (index: number, seed = 7): { style: string; text: string } => {
  const random = seededRandom(seed * 1_000_003 + index)
  const roll = random()
  if (roll < 0.09) return { style: "ru", text: russianArticle(random) }
  if (roll < 0.14) return { style: "ur", text: urduArticle(random) }
  const style = Math.floor(random() * englishStyles.length)
  const body = paragraphs(random, englishSentence, between(random, 7, 20))
  return { style: `en${style}`, text: englishStyles[style]!(random, body) + (random() < 0.5 ? "\n" : "") }
}

/** Every word of the English phrase lists: short items draw their text from it word by word. */
const englishWords = [...new Set(Object.values(english).flatMap((list) => list.flatMap((phrase) => phrase.toLowerCase().match(/[a-z]+/g) ?? [])))]

/**
 * A short item (about 450 bytes: headline, byline, date and a paragraph of words drawn at
 * random), for measuring what a run costs per file rather than per byte. Random words, not the
 * articles' phrases, so that items are not near-copies of each other.
 */
export const generateShortArticle = (index: number, seed = 7): { style: string; text: string } => {
  const random = seededRandom(seed * 1_000_003 + index)
  const sentence = () => capitalise(Array.from({ length: between(random, 8, 16) }, () => pick(random, englishWords)).join(" ")) + "."
  const paragraph = Array.from({ length: between(random, 3, 5) }, sentence).join(" ")
  return { style: "short", text: [englishTitle(random), `By ${pick(random, english.names)}`, englishDate(random), paragraph, "Share this:"].join("\n\n") + "\n" }
}

/**
 * Writes `count` articles (or short items) under `dir` (1,000 per sub-folder) unless a complete
 * copy is already there (a marker file records count, seed and kind). Returns the total bytes written.
 */
export const writeCorpus = (dir: string, count: number, seed = 7, kind: "articles" | "short" = "articles"): { files: number; bytes: number } => {
  const marker = path.join(dir, ".corpus.json")
  if (fs.existsSync(marker)) {
    const done = JSON.parse(fs.readFileSync(marker, "utf8")) as { count: number; seed: number; bytes: number; kind?: string }
    if (done.count === count && done.seed === seed && (done.kind ?? "articles") === kind) return { files: count, bytes: done.bytes }
  }
  fs.rmSync(dir, { recursive: true, force: true })
  let bytes = 0
  const generate = kind === "short" ? generateShortArticle : generateArticle
  for (let i = 0; i < count; i++) {
    const { style, text } = generate(i, seed)
    const folder = path.join(dir, `g${String(Math.floor(i / 1000)).padStart(4, "0")}`)
    if (i % 1000 === 0) fs.mkdirSync(folder, { recursive: true })
    const data = Buffer.from(text, "utf8")
    fs.writeFileSync(path.join(folder, `${style}-${String(i).padStart(7, "0")}.txt`), data)
    bytes += data.byteLength
  }
  fs.writeFileSync(marker, JSON.stringify({ count, seed, bytes, kind }))
  return { files: count, bytes }
}

// Run as a script, not when imported or bundled into another entry point.
if (import.meta.url === `file://${process.argv[1]}` && /corpus\.[mc]?[jt]s$/.test(process.argv[1] ?? "")) {
  const [dir = ".cache/bench/corpus", count = "20000"] = process.argv.slice(2)
  const { files, bytes } = writeCorpus(dir, Number(count))
  console.log(`${files} articles, ${(bytes / 1e6).toFixed(1)} MB in ${dir}`)
}
