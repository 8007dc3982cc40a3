// Benchmark of the language stage: generates deterministic news-like documents (seeded word
// sampling, 80% English, the rest Urdu, Russian and Persian; a few short sentences and quoted
// foreign sentences), runs detectSentencesLanguage on each, prints UTF-8 MB/s on one core.
// Run: npx tsx scripts/bench-language.ts
import { defaultLanguageOptions, detectSentencesLanguage } from "../stages/language/detect.ts"

const wordPools: Readonly<Record<string, ReadonlyArray<string>>> = {
  eng: "the of and to in a that for on with said was government minister foreign talks security trade energy region officials country both would after its they have not but by from this week agreement analysts expected".split(" "),
  urd: "کے کی میں نے اور سے کو ہے کہ پر وزیر خارجہ حکومت ملاقات تعلقات تجارت توانائی دونوں ممالک کا کہنا اگلے ماہ معاہدہ سکتا".split(" "),
  rus: "в и на не что с по министр переговоры стороны обсудили вопросы торговли энергетики безопасности регионе экспертов следующий раунд может правительство".split(" "),
  fas: "و در به از که این با را برای وزیر خارجه روز دیدار گفتگو کرد دو طرف همکاری اقتصادی امنیت منطقه کارشناسان می‌گویند سفر".split(" ")
}

// Park-Miller LCG: deterministic, no Math.random.
const makeRandom = (seed: number) => {
  let state = seed
  return (): number => {
    state = (state * 48271) % 2147483647
    return state / 2147483647
  }
}

const makeSentence = (random: () => number, language: string, words: number): string => {
  const pool = wordPools[language]!
  const parts = Array.from({ length: words }, () => pool[Math.floor(random() * pool.length)]!)
  return parts.join(" ") + (language === "urd" ? "۔" : ".")
}

export const generateDocuments = (count: number, seed = 42): ReadonlyArray<ReadonlyArray<string>> => {
  const random = makeRandom(seed)
  const languages = ["eng", "eng", "eng", "eng", "eng", "eng", "eng", "eng", "urd", "rus", "fas"]
  return Array.from({ length: count }, () => {
    const main = languages[Math.floor(random() * languages.length)]!
    return Array.from({ length: 10 + Math.floor(random() * 30) }, () => {
      const quoted = random() < 0.03
      const language = quoted ? languages[8 + Math.floor(random() * 3)]! : main
      const words = random() < 0.1 ? 2 + Math.floor(random() * 3) : 8 + Math.floor(random() * 22)
      return makeSentence(random, language, words)
    })
  })
}

export const benchLanguage = (documentCount = 3000): { mbPerSecond: number; megabytes: number; seconds: number } => {
  const documents = generateDocuments(documentCount)
  const bytes = documents.reduce((sum, sentences) => sum + sentences.reduce((s, x) => s + Buffer.byteLength(x) + 1, 0), 0)
  for (const sentences of documents.slice(0, 200)) detectSentencesLanguage(sentences, defaultLanguageOptions) // warm-up
  const start = process.hrtime.bigint()
  for (const sentences of documents) detectSentencesLanguage(sentences, defaultLanguageOptions)
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  const megabytes = bytes / 1e6
  return { mbPerSecond: megabytes / seconds, megabytes, seconds }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { mbPerSecond, megabytes, seconds } = benchLanguage()
  console.log(`language detection: ${megabytes.toFixed(2)} MB in ${seconds.toFixed(2)} s = ${mbPerSecond.toFixed(2)} MB/s`)
}
