import { describe, it, assert } from "@effect/vitest"
import { francAll } from "franc"
import {
  defaultLanguageOptions,
  detectDocumentLanguage,
  detectSentencesLanguage,
  unsupportedLanguages,
  type LanguageOptions
} from "../../stages/language/detect.ts"
import { buildCandidatePlan } from "../../stages/language/candidates.ts"
import { rankByTrigrams } from "../../stages/language/rank.ts"
import { MAX_SAMPLE_LENGTH, scanText } from "../../stages/language/scan.ts"
import { countScripts } from "../../stages/language/scripts.ts"
import { data as francModels } from "franc/data.js"
import { generateDocuments } from "../../scripts/bench-language.ts"

// Hand-written (invented) news-style paragraphs; each sentence is long enough to judge alone.
const paragraphs: ReadonlyArray<{ readonly language: string; readonly sentences: ReadonlyArray<string> }> = [
  { language: "eng", sentences: [
    "The foreign ministers of both countries met on Tuesday to discuss trade, energy and regional security.",
    "Officials said the talks lasted more than three hours and ended without a joint statement.",
    "Analysts expect a second round of negotiations before the end of the year."
  ] },
  { language: "urd", sentences: [
    "وزیر خارجہ نے منگل کے روز اپنے روسی ہم منصب سے ملاقات کی اور دوطرفہ تعلقات پر تبادلہ خیال کیا۔",
    "دونوں ممالک نے توانائی اور تجارت کے شعبوں میں تعاون بڑھانے پر اتفاق کیا۔",
    "حکام کا کہنا ہے کہ اگلے ماہ ایک نیا معاہدہ طے پا سکتا ہے۔"
  ] },
  { language: "rus", sentences: [
    "Министр иностранных дел России провёл во вторник переговоры со своим пакистанским коллегой.",
    "Стороны обсудили вопросы торговли, энергетики и безопасности в регионе.",
    "По словам экспертов, следующий раунд консультаций может состояться уже осенью."
  ] },
  { language: "fas", sentences: [
    "وزیر امور خارجه ایران روز سه‌شنبه با همتای روسی خود در مسکو دیدار و گفتگو کرد.",
    "دو طرف درباره همکاری‌های اقتصادی و امنیت منطقه تبادل نظر کردند.",
    "کارشناسان می‌گویند این سفر می‌تواند فصل تازه‌ای در روابط دو کشور باشد."
  ] },
  { language: "fas", sentences: [
    "وزارت امور خارجه افغانستان روز سه‌شنبه اعلام کرد که یک هیئت بلندپایه به ماسکو سفر خواهد کرد.",
    "این هیئت در مورد روند صلح و وضعیت امنیتی ولایات شمال با مقامات روسی گفتگو می‌کند.",
    "سخنگوی وزارت گفت که نتایج این سفر در هفته آینده با رسانه‌ها شریک ساخته خواهد شد."
  ] },
  { language: "pus", sentences: [
    "د افغانستان د بهرنیو چارو وزیر د سه شنبې په ورځ له خپل روسي سیال سره وکتل.",
    "دواړو لوريو د سوداګرۍ او امنیت په اړه اوږدې خبرې وکړې.",
    "چارواکو ویلي چې راتلونکې میاشت به یو نوی تړون لاسلیک شي."
  ] },
  { language: "hin", sentences: [
    "विदेश मंत्री ने मंगलवार को अपने रूसी समकक्ष से मुलाकात की और द्विपक्षीय संबंधों पर चर्चा की।",
    "दोनों देशों ने ऊर्जा और व्यापार के क्षेत्र में सहयोग बढ़ाने पर सहमति जताई।",
    "अधिकारियों का कहना है कि अगले महीने एक नया समझौता हो सकता है।"
  ] },
  { language: "ara", sentences: [
    "التقى وزير الخارجية الباكستاني نظيره الروسي في موسكو يوم الثلاثاء لبحث العلاقات الثنائية.",
    "وناقش الجانبان سبل تعزيز التعاون في مجالات الطاقة والتجارة والأمن الإقليمي.",
    "ويتوقع المراقبون أن تعقد جولة جديدة من المحادثات قبل نهاية العام."
  ] },
  { language: "zho", sentences: [
    "巴基斯坦外交部长周二在莫斯科会见了俄罗斯外长，双方就能源、贸易和地区安全问题深入交换了意见。",
    "分析人士认为，两国关系正在进入一个新的阶段，未来几年合作的空间将会进一步扩大。"
  ] },
  { language: "fra", sentences: [
    "Le ministre pakistanais des Affaires étrangères a rencontré mardi son homologue russe à Moscou.",
    "Les deux parties ont évoqué la coopération dans les domaines de l'énergie et du commerce.",
    "Selon les analystes, un nouvel accord pourrait être signé avant la fin de l'année."
  ] },
  { language: "deu", sentences: [
    "Der pakistanische Außenminister hat am Dienstag seinen russischen Amtskollegen in Moskau getroffen.",
    "Beide Seiten sprachen über die Zusammenarbeit in den Bereichen Energie und Handel.",
    "Beobachter erwarten, dass noch vor Jahresende ein neues Abkommen unterzeichnet wird."
  ] },
  { language: "tur", sentences: [
    "Pakistan Dışişleri Bakanı salı günü Moskova'da Rus mevkidaşı ile bir araya geldi.",
    "İki taraf enerji ve ticaret alanlarındaki işbirliğini ayrıntılı olarak görüştü.",
    "Uzmanlar, yıl sonundan önce yeni bir anlaşmanın imzalanabileceğini belirtiyor."
  ] },
  { language: "ukr", sentences: [
    "Міністр закордонних справ України у вівторок зустрівся зі своїм польським колегою у Варшаві.",
    "Сторони обговорили питання енергетичної безпеки та торгівлі між двома країнами.",
    "На думку експертів, наступний раунд переговорів може відбутися вже восени."
  ] },
  { language: "kaz", sentences: [
    "Қазақстан Республикасының Сыртқы істер министрі сейсенбі күні Мәскеуде ресейлік әріптесімен кездесті.",
    "Тараптар сауда және энергетика салаларындағы ынтымақтастықты талқылады."
  ] },
  { language: "tgk", sentences: [
    "Вазири корҳои хориҷии Тоҷикистон рӯзи сешанбе бо ҳамтои русии худ дар Маскав мулоқот кард.",
    "Ҷонибҳо масъалаҳои тиҷорат ва амнияти минтақаро муфассал баррасӣ карданд."
  ] },
  { language: "kir", sentences: [
    "Кыргызстандын тышкы иштер министри шейшемби күнү Москвада орусиялык кесиптеши менен жолукту.",
    "Тараптар соода жана энергетика тармактарындагы кызматташтыкты талкуулашты."
  ] },
  { language: "uzb", sentences: [
    "Oʻzbekiston tashqi ishlar vaziri seshanba kuni Moskvada rossiyalik hamkasbi bilan uchrashdi.",
    "Tomonlar savdo va energetika sohalaridagi hamkorlikni batafsil muhokama qildilar."
  ] },
  { language: "snd", sentences: [
    "پاڪستان جي پرڏيهي وزير اڱارو ڏينهن ماسڪو ۾ روسي هم منصب سان ملاقات ڪئي.",
    "ٻنهي ملڪن واپار ۽ توانائي جي شعبن ۾ تعاون وڌائڻ تي اتفاق ڪيو."
  ] }
]

// Harder: single sentences of 40-70 chars, judged alone (no document to lean on).
const shortSentences: ReadonlyArray<readonly [string, string]> = [
  ["Prices rose again in the capital last month.", "eng"],
  ["The ministry declined to comment on the report.", "eng"],
  ["Les prix ont encore augmenté dans la capitale.", "fra"],
  ["Le ministère n'a pas souhaité commenter ce rapport.", "fra"],
  ["Die Preise sind im letzten Monat wieder gestiegen.", "deu"],
  ["Das Ministerium wollte den Bericht nicht kommentieren.", "deu"],
  ["Başkentte fiyatlar geçen ay yeniden yükseldi.", "tur"],
  ["Bakanlık rapor hakkında yorum yapmaktan kaçındı.", "tur"],
  ["Цены в столице снова выросли в прошлом месяце.", "rus"],
  ["Министерство отказалось комментировать этот доклад.", "rus"],
  ["Ціни в столиці знову зросли минулого місяця.", "ukr"],
  ["Міністерство відмовилося коментувати цю доповідь.", "ukr"],
  ["دارالحکومت میں پچھلے مہینے قیمتیں پھر بڑھ گئیں۔", "urd"],
  ["وزارت نے اس رپورٹ پر تبصرہ کرنے سے انکار کر دیا۔", "urd"],
  ["قیمت‌ها در پایتخت ماه گذشته دوباره افزایش یافت.", "fas"],
  ["وزارتخانه از اظهار نظر درباره این گزارش خودداری کرد.", "fas"],
  ["ارتفعت الأسعار في العاصمة مرة أخرى الشهر الماضي.", "ara"],
  ["ورفضت الوزارة التعليق على هذا التقرير حتى الآن.", "ara"],
  ["په پلازمېنه کې تېره میاشت بیې بیا لوړې شوې.", "pus"],
  ["وزارت د دې راپور په اړه له څرګندونو ډډه وکړه.", "pus"],
  ["राजधानी में पिछले महीने कीमतें फिर से बढ़ गईं।", "hin"],
  ["Poytaxtda narxlar oʻtgan oy yana koʻtarildi va oshdi.", "uzb"],
  ["Астанада бағалар өткен айда тағы да көтерілді.", "kaz"]
]

const detect = (sentences: ReadonlyArray<string>, options: LanguageOptions = defaultLanguageOptions) =>
  detectSentencesLanguage(sentences, options)

describe("language: single-language paragraphs", () => {
  for (const { language, sentences } of paragraphs) {
    it(`${language} paragraph and each of its sentences`, () => {
      const result = detect(sentences)
      assert.strictEqual(result.document.language, language)
      assert.deepStrictEqual(result.sentences.map((s) => s.language), sentences.map(() => language))
      assert.isTrue(result.document.confidence > 0.5 && result.document.confidence <= 1)
    })
  }
})

describe("language: documents and sentences", () => {
  const english = paragraphs[0]!.sentences

  it("an English article quoting one Urdu sentence is eng; the quote is urd", () => {
    const quote = "حکام کا کہنا ہے کہ اگلے ماہ ایک نیا معاہدہ طے پا سکتا ہے۔"
    const result = detect([english[0]!, english[1]!, quote, english[2]!])
    assert.strictEqual(result.document.language, "eng")
    assert.deepStrictEqual(result.sentences.map((s) => s.language), ["eng", "eng", "urd", "eng"])
  })

  it("judges the whole body, not its first 2,048 chars", () => {
    const russian = paragraphs[2]!.sentences
    const lead = Array.from({ length: 8 }, () => english).flat() // ~2,100 chars of English
    const body = Array.from({ length: 30 }, () => russian).flat() // far more Russian after it
    assert.strictEqual(detect([...lead, ...body]).document.language, "rus")
  })

  it("short sentences, datelines and name-dense sentences inherit the document's language", () => {
    const result = detect([
      "ISLAMABAD, March 3 (Reuters) -",
      "Lavrov met Qureshi in Islamabad.",
      ...english,
      "Sergey Lavrov and Shah Mahmood Qureshi met Khawaja Asif in Islamabad.",
      "Pakistan And Russia Agree To Expand Energy Cooperation",
      "No comment."
    ])
    assert.strictEqual(result.document.language, "eng")
    assert.deepStrictEqual(result.sentences.map((s) => s.language), Array(8).fill("eng"))
    assert.isTrue(result.sentences[0]!.confidence < result.document.confidence)
  })

  it("short sentences inherit in Urdu and Russian documents", () => {
    const urdu = detect([...paragraphs[1]!.sentences, "یہ درست ہے۔"])
    assert.strictEqual(urdu.sentences[3]!.language, "urd")
    const russian = detect([...paragraphs[2]!.sentences, "Это правда."])
    assert.strictEqual(russian.sentences[3]!.language, "rus")
  })

  it("a short sentence in another script is und unless its script names one candidate", () => {
    const result = detect([...english, "Это правда.", "यह सच है।", "这是真的。"])
    assert.deepStrictEqual(
      result.sentences.slice(3).map((s) => [s.language, s.confidence]),
      [["und", 0], ["hin", 1], ["zho", 1]]
    )
  })

  it("a short Ukrainian sentence in a Russian document is not labelled Russian", () => {
    const result = detect([...paragraphs[2]!.sentences, "Це їхній вибір."])
    assert.notStrictEqual(result.sentences[3]!.language, "rus")
  })

  it("Russian and Ukrainian sentence pairs", () => {
    const pairs = [
      ["Уряд оголосив про нові заходи підтримки для малого бізнесу.", "ukr"],
      ["Правительство объявило о новых мерах поддержки малого бизнеса.", "rus"],
      ["Президент підписав закон про державний бюджет на наступний рік.", "ukr"],
      ["Президент подписал закон о государственном бюджете на следующий год.", "rus"]
    ] as const
    for (const [sentence, language] of pairs) assert.strictEqual(detect([sentence]).sentences[0]!.language, language, sentence)
  })

  it("Persian, Urdu and Arabic sentences about the same thing stay apart", () => {
    const cases = [
      ["دولت پاکستان اعلام کرد که مذاکرات با روسیه در ماه آینده ادامه خواهد یافت.", "fas"],
      ["حکومت پاکستان نے اعلان کیا ہے کہ روس کے ساتھ مذاکرات اگلے ماہ جاری رہیں گے۔", "urd"],
      ["أعلنت الحكومة الباكستانية أن المفاوضات مع روسيا ستستمر في الشهر المقبل.", "ara"],
      ["د پاکستان حکومت اعلان وکړ چې له روسیې سره خبرې به راتلونکې میاشت دوام ومومي.", "pus"]
    ] as const
    for (const [sentence, language] of cases) assert.strictEqual(detect([sentence]).document.language, language, sentence)
  })

  it("empty bodies, digits and punctuation are und", () => {
    assert.deepStrictEqual(detect([]).document, { language: "und", confidence: 0 })
    const result = detect(["2018-02-21 03:35", "12,500", "— * —"])
    assert.strictEqual(result.document.language, "und")
    assert.deepStrictEqual(result.sentences.map((s) => s.language), ["und", "und", "und"])
  })

  it("a body of one very short sentence is und rather than a guess", () => {
    assert.strictEqual(detect(["Hi."]).document.language, "und")
  })

  it("candidates can be changed: a Latin-only list cannot label Cyrillic", () => {
    const result = detect(paragraphs[2]!.sentences, { candidates: ["eng", "fra"] })
    assert.strictEqual(result.document.language, "und")
  })

  it("maps user codes to franc models and reports languages nobody can detect", () => {
    const plan = buildCandidatePlan(["fas", "ara", "zho", "pus", "uzb", "msa", "snd", "pnb"])
    const codes = (script: string) => (plan.byScript.get(script) ?? []).map((c) => `${c.francCode}>${c.output}`)
    assert.deepStrictEqual(codes("Arabic"), ["pes>fas", "prs>fas", "arb>ara", "pbu>pus", "zlm>msa", "snd>snd"])
    assert.deepStrictEqual(codes("Han"), ["cmn>zho"])
    assert.deepStrictEqual(codes("Latin"), ["uzn>uzb", "zlm>msa"])
    assert.deepStrictEqual(unsupportedLanguages({ candidates: ["eng", "pnb", "xyz"] }), ["pnb", "xyz"])
  })
})

describe("language: trigram ranking agrees with franc", () => {
  // Many strings: every hand-written sentence, its prefixes and suffixes, and generated text.
  const strings = [
    ...paragraphs.flatMap(({ sentences }) =>
      sentences.flatMap((sentence) => [10, 25, 40, 70].flatMap((n) => [sentence.slice(0, n), sentence.slice(-n)]).concat(sentence))
    ),
    ...generateDocuments(60, 7).flat(),
    "A".repeat(3000) + " the end",
    "Réunion, Ñandú & Ærø: ÇA VA? İstanbul'da ÜÇ kişi.",
    // mis-decoded bytes: the replacement character, and the units scan.ts uses as markers
    "The caf\ufffd served caf\ufffd au lait to the minister\ufffds guests.",
    "The caf\uffff served caf\uffff au lait to the minister\uffffs guests.",
    "The caf\ufffe served caf\ufffe au lait to the minister\ufffes guests.",
    "ab"
  ]

  it("same order and scores as francAll, with each script's default candidates and with all of franc's", () => {
    const plan = buildCandidatePlan(defaultLanguageOptions.candidates)
    let compared = 0
    for (const text of strings) {
      const script = countScripts(text).dominant
      if (script === undefined || !(script in francModels)) continue
      const defaults = (plan.byScript.get(script) ?? []).filter((c) => c.kind === "trigram").map((c) => c.francCode)
      for (const only of [defaults, Object.keys(francModels[script]!)]) {
        const expected = francAll(text, { only, minLength: 1 })
        if (expected.some(([code]) => !only.includes(code))) continue // franc chose another script
        assert.deepStrictEqual(rankByTrigrams(text, script, only).map(([c, s]) => [c, s]), expected, text)
        compared++
      }
    }
    assert.isTrue(compared > 600)
  })

  it("the scan's sample is franc's cleaned, padded text (trigram-utils' clean)", () => {
    const clean = (text: string) => ` ${text.replace(/[\u0021-\u0040]+/g, " ").replace(/\s+/g, " ").trim().toLowerCase()} `
    const edges = ["", " ", "!?", "a", " a ", "a  b", "\u00a0x\t\n9y.. ", "-- Hello, World --", "İi", "ΣΑΣ σ", "😀 a", "ab\u3000cd", "x".repeat(3000)]
    for (const text of [...edges, ...strings]) {
      const { sample, sampleUnits } = scanText(text)
      assert.strictEqual(String.fromCharCode(...sample.subarray(0, sampleUnits)), clean(text.slice(0, MAX_SAMPLE_LENGTH)), text)
    }
  })

  it("a span of a longer text scans as the same text on its own", () => {
    const summary = (scan: ReturnType<typeof scanText>) =>
      JSON.stringify([scan.counts, String.fromCharCode(...scan.sample.subarray(0, scan.sampleUnits)), scan.sampleLength])
    for (const text of ["", "a", "Σ end", "x".repeat(3000), ...strings.slice(0, 200)]) {
      const alone = summary(scanText(text))
      assert.strictEqual(summary(scanText(`ΣΑΣ İ ${text} tail 😀`, 6, 6 + text.length)), alone, text)
    }
  })

  it("a document's sentences as spans of its text, or as strings, get the same languages", () => {
    for (const { sentences } of paragraphs) {
      const text = `Headline\n\n${sentences.join(" ")}`
      let at = "Headline\n\n".length
      const spans = sentences.map((sentence) => {
        const span = { start: at, end: at + sentence.length }
        at = span.end + 1
        return span
      })
      assert.deepStrictEqual(detectDocumentLanguage(text, spans, defaultLanguageOptions), detectSentencesLanguage(sentences, defaultLanguageOptions))
    }
  })
})

// Accuracy harness over the paragraphs above: documents, and sentences of 40+ chars, also
// when every paragraph is glued into an English host article (quoted foreign paragraphs).
describe("language: accuracy harness", () => {
  it("reports document and sentence accuracy", () => {
    let documentsRight = 0
    let sentencesRight = 0
    let sentencesJudged = 0
    for (const { language, sentences } of paragraphs) {
      const result = detect(sentences)
      if (result.document.language === language) documentsRight++
      sentences.forEach((sentence, i) => {
        if (sentence.length < 40) return
        sentencesJudged++
        if (result.sentences[i]!.language === language) sentencesRight++
      })
    }
    let shortRight = 0
    const shortWrong: Array<string> = []
    for (const [sentence, language] of shortSentences) {
      const guess = detect([sentence]).sentences[0]!
      if (guess.language === language) shortRight++
      else shortWrong.push(`${language}->${guess.language}(${guess.confidence.toFixed(2)})`)
    }
    const host = paragraphs[0]!.sentences
    let embeddedRight = 0
    let embeddedJudged = 0
    for (const { language, sentences } of paragraphs.slice(1)) {
      const result = detect([...host, ...host, ...sentences.slice(0, 1), ...host])
      if (result.document.language !== "eng") continue
      embeddedJudged++
      if (result.sentences[host.length * 2]!.language === language) embeddedRight++
    }
    console.log(
      `language accuracy: documents ${documentsRight}/${paragraphs.length}, ` +
        `sentences(>=40 chars) ${sentencesRight}/${sentencesJudged}, ` +
        `lone 40-70 char sentences ${shortRight}/${shortSentences.length} [${shortWrong.join(" ")}], ` +
        `foreign sentence inside English article ${embeddedRight}/${paragraphs.length - 1} (doc stayed eng in ${embeddedJudged})`
    )
    assert.strictEqual(documentsRight, paragraphs.length)
    assert.isTrue(sentencesRight / sentencesJudged >= 0.95)
    assert.strictEqual(embeddedJudged, paragraphs.length - 1)
    assert.isTrue(shortRight / shortSentences.length >= 0.85)
  })
})
