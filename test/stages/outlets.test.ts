import { assert, describe, it } from "@effect/vitest"
import registryFile from "../../data/outlets.json" with { type: "json" }
import {
  compileOutletRegistry,
  findOutletMention,
  loadDefaultOutlets,
  mergeOutlets,
  type Outlet,
  type OutletCandidate,
  outletFromDomain,
  parseOutletFile,
  resolveOutlet
} from "../../stages/outlets.ts"

const registry = compileOutletRegistry(loadDefaultOutlets())

describe("findOutletMention", () => {
  const cases: ReadonlyArray<readonly [string, string | undefined, string?]> = [
    // [text, expected canonical name, expected raw (defaults to none checked)]
    ["Published in Dawn, April 2nd 2018", "Dawn", "Dawn"],
    ["DAWN", "Dawn", "DAWN"],
    ["At dawn the troops moved", undefined],
    ["Dawnbreak over Karachi", undefined],
    ["Dawn's editorial board", "Dawn", "Dawn"],
    ["© 2018 dawn.com", "Dawn", "dawn.com"],
    ["the nation mourned", undefined],
    ["THE NATION", "The Nation", "THE NATION"],
    ["first printed in the Express Tribune", "The Express Tribune", "the Express Tribune"],
    ["Published in The News International", "The News International", "The News International"],
    ["Published in The News", "The News International", "The News"],
    ["an economist said", undefined],
    ["Daily   Times", "Daily Times", "Daily   Times"],
    ["Daily, Times", undefined],
    ["Reuters reported, quoted by The Express Tribune", "The Express Tribune"],
    ["AFP and APP", "AFP", "AFP"],
    ["Radio Free Europe/Radio Liberty", "RFE/RL"],
    ["Nawa-i-Waqt", "Nawa-i-Waqt"],
    // Cyrillic
    ["По данным ТАСС, переговоры", "TASS", "ТАСС"],
    ["как сообщает РИА Новости", "RIA Novosti", "РИА Новости"],
    ["газета «Коммерсантъ»", "Kommersant", "Коммерсантъ"],
    ["агентство Рейтер", "Reuters", "Рейтер"],
    ["ТАССовский репортаж", undefined],
    ["Русская служба Би-би-си", "BBC Russian"],
    ["Би-би-си", "BBC"],
    // Arabic script
    ["ڈان", "Dawn", "ڈان"],
    ["بی بی سی اردو کے مطابق", "BBC Urdu", "بی بی سی اردو"],
    ["بي بي سي اردو", "BBC Urdu", "بي بي سي اردو"], // Arabic yeh instead of Urdu yeh; raw stays as written
    ["روزنامہ جنگ", "Jang"],
    ["میدان جنگ", undefined], // "battlefield": bare جنگ (war) is no alias
    ["جیو نیوز", "Geo News"],
    ["", undefined]
  ]
  for (const [text, name, raw] of cases) {
    it(`${JSON.stringify(text)} -> ${name ?? "none"}`, () => {
      const match = findOutletMention(text, registry)
      assert.strictEqual(match?.name, name)
      if (raw !== undefined) assert.strictEqual(match?.raw, raw)
    })
  }
})

describe("outletFromDomain", () => {
  const cases: ReadonlyArray<readonly [string, string | undefined, string?]> = [
    ["https://www.dawn.com/news/1", "Dawn", "www.dawn.com"],
    ["dawn.com", "Dawn", "dawn.com"],
    ["epaper.dawn.com", "Dawn", "epaper.dawn.com"],
    ["HTTP://WWW.DAWN.COM:443/news?id=1#top", "Dawn", "www.dawn.com"],
    ["https://user@tribune.com.pk/story/1", "The Express Tribune"],
    ["https://www.bbc.com/urdu/pakistan-12345", "BBC Urdu", "www.bbc.com/urdu"],
    ["https://www.bbc.co.uk/russian/news", "BBC Russian"],
    ["https://www.bbc.com/news/world", "BBC"],
    ["https://www.bbc.com/urdunews", "BBC"], // a path rule needs a whole segment
    ["https://tass.ru/politika/1", "TASS"],
    ["tass.com", "TASS"],
    ["https://russian.rt.com/world", "RT"],
    ["https://timesofindia.indiatimes.com/india/1.cms", "The Times of India"],
    ["https://economictimes.indiatimes.com/x", undefined],
    ["https://notdawn.com", undefined],
    ["dawn.com.evil.example", undefined],
    ["Dawn", undefined],
    ["", undefined]
  ]
  for (const [input, name, raw] of cases) {
    it(`${JSON.stringify(input)} -> ${name ?? "none"}`, () => {
      const match = outletFromDomain(input, registry)
      assert.strictEqual(match?.name, name)
      if (raw !== undefined) assert.strictEqual(match?.raw, raw)
    })
  }
})

describe("resolveOutlet", () => {
  const c = (role: OutletCandidate["role"], text: string): OutletCandidate => ({ role, text })
  const cases: ReadonlyArray<{ readonly why: string; readonly candidates: ReadonlyArray<OutletCandidate>; readonly outlet?: string; readonly outletRaw?: string }> = [
    { why: "published_in line", candidates: [c("published_in", "* Published in Daily Times, April 25th 2018.")], outlet: "Daily Times", outletRaw: "Daily Times" },
    { why: "no candidates", candidates: [] },
    { why: "syndication never becomes the outlet", candidates: [c("syndication", "This article first appeared in The Diplomat")] },
    {
      why: "syndication does not replace the publisher",
      candidates: [c("syndication", "Originally published in The Diplomat"), c("domain", "https://www.dawn.com/news/1")],
      outlet: "Dawn"
    },
    { why: "role priority: published_in before footer", candidates: [c("footer", "© Pakistan Today"), c("published_in", "The Nation")], outlet: "The Nation" },
    { why: "role priority: masthead before domain", candidates: [c("domain", "tribune.com.pk"), c("masthead", "DAWN")], outlet: "Dawn", outletRaw: "DAWN" },
    { why: "domain text with a URL inside", candidates: [c("domain", "Source: https://www.bbc.com/urdu/world-1")], outlet: "BBC Urdu" },
    { why: "footer URL with a service path", candidates: [c("footer", "© BBC — www.bbc.com/urdu")], outlet: "BBC Urdu" },
    { why: "agency only as a last resort", candidates: [c("agency", "(Reuters)"), c("copyright", "© 2018 Dawn")], outlet: "Dawn" },
    { why: "agency when nothing else names an outlet", candidates: [c("agency", "/AFP/"), c("syndication", "first appeared in Dawn")], outlet: "AFP", outletRaw: "AFP" },
    {
      why: "unknown published_in outlet keeps its cleaned name",
      candidates: [c("published_in", "* Published in The Frontier Post, April 25th 2018."), c("agency", "Reuters")],
      outlet: "The Frontier Post",
      outletRaw: "The Frontier Post"
    },
    { why: "an unknown masthead is not an outlet (blogs and think tanks print one too)", candidates: [c("masthead", "“Daily Balochistan Express”")] },
    { why: "registry match beats an unknown name", candidates: [c("published_in", "Published in The Frontier Post"), c("copyright", "© dawn.com")], outlet: "Dawn" },
    { why: "unknown copyright holder is not an outlet", candidates: [c("copyright", "© 2018 Acme Media Group. All rights reserved.")] },
    { why: "short unknown copyright holder is not an outlet", candidates: [c("copyright", "© Acme Media Group")] },
    { why: "unknown syndication source is not an outlet", candidates: [c("syndication", "The Frontier Post")] },
    { why: "unknown agency is not an outlet", candidates: [c("agency", "Tribune News Service")] },
    { why: "a sentence is not a masthead name", candidates: [c("masthead", "Why do Pakistan and Russia need each other?")] },
    { why: "Russian lead-in", candidates: [c("published_in", "Опубликовано в газете «Коммерсантъ» №12")], outlet: "Kommersant" }
  ]
  for (const { why, candidates, outlet, outletRaw } of cases) {
    it(why, () => {
      const result = resolveOutlet(candidates, registry)
      assert.strictEqual(result.outlet, outlet)
      if (outletRaw !== undefined) assert.strictEqual(result.outletRaw, outletRaw)
    })
  }
})

describe("compileOutletRegistry validation", () => {
  const outlet = (name: string, aliases: ReadonlyArray<string> = [], domains: ReadonlyArray<string> = []): Outlet => ({ name, aliases, domains })
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<Outlet>, RegExp]> = [
    ["alias claimed by two outlets", [outlet("Dawn", ["DAWN"]), outlet("Dawn News", ["DAWN"])], /#1 \("Dawn News"\).*"DAWN".*"Dawn"/],
    ["alias equal to another outlet's name", [outlet("The Nation"), outlet("Nation Pakistan", ["The Nation"])], /"Nation Pakistan".*already belongs to outlet "The Nation"/],
    ["generated ALL-CAPS form collides", [outlet("Dawn"), outlet("Other", ["DAWN"])], /"Other".*"DAWN"/],
    ["empty name", [outlet("  ")], /#0.*empty name/],
    ["empty alias", [outlet("Dawn", [""])], /"Dawn".*empty alias/],
    ["alias without letters", [outlet("Dawn", ["***"])], /"Dawn".*no letters/],
    ["duplicate name", [outlet("Dawn"), outlet("Dawn")], /#1.*duplicate name/],
    ["domain claimed twice", [outlet("A", [], ["a.com"]), outlet("B", [], ["A.com"])], /"B".*"A.com".*"A"/],
    ["bad domain", [outlet("A", [], ["https://a.com"])], /"A".*not a host name/]
  ]
  for (const [why, outlets, message] of cases) {
    it(why, () => {
      assert.throws(() => compileOutletRegistry(outlets), message)
    })
  }
  it("the same alias twice in one outlet is fine", () => {
    const compiled = compileOutletRegistry([outlet("Dawn", ["Dawn", "DAWN"], ["dawn.com", "DAWN.com"])])
    assert.strictEqual(findOutletMention("DAWN", compiled)?.name, "Dawn")
  })
})

describe("mergeOutlets", () => {
  it("adds an alias and a domain to an existing outlet, keeping its canonical name", () => {
    const merged = mergeOutlets(loadDefaultOutlets(), [{ name: "dawn", aliases: ["The Dawn Herald"], domains: ["dawn-herald.example"] }])
    assert.strictEqual(merged.length, loadDefaultOutlets().length)
    const compiled = compileOutletRegistry(merged)
    assert.strictEqual(findOutletMention("Published in The Dawn Herald", compiled)?.name, "Dawn")
    assert.strictEqual(outletFromDomain("https://dawn-herald.example/x", compiled)?.name, "Dawn")
    assert.strictEqual(findOutletMention("DAWN", compiled)?.name, "Dawn")
  })
  it("adds a new outlet", () => {
    const merged = mergeOutlets(loadDefaultOutlets(), parseOutletFile([{ name: "The Frontier Post", domains: ["thefrontierpost.com"] }]))
    const compiled = compileOutletRegistry(merged)
    assert.deepStrictEqual(resolveOutlet([{ role: "domain", text: "thefrontierpost.com" }], compiled), { outlet: "The Frontier Post", outletRaw: "thefrontierpost.com" })
  })
  it("a user alias that belongs to another outlet fails to compile with both names", () => {
    const merged = mergeOutlets(loadDefaultOutlets(), [{ name: "My Paper", aliases: ["Dawn"], domains: [] }])
    assert.throws(() => compileOutletRegistry(merged), /"My Paper".*"Dawn"/)
  })
  it("does not change its inputs", () => {
    const base: ReadonlyArray<Outlet> = [{ name: "Dawn", aliases: ["DAWN"], domains: [] }]
    mergeOutlets(base, [{ name: "Dawn", aliases: ["ڈان"], domains: [] }])
    assert.deepStrictEqual(base, [{ name: "Dawn", aliases: ["DAWN"], domains: [] }])
  })
})

describe("parseOutletFile", () => {
  it("reads an array or an object with outlets, filling absent lists", () => {
    const expected = [{ name: "X", aliases: [], domains: ["x.com"], country: "PK" }]
    assert.deepStrictEqual(parseOutletFile([{ name: " X ", domains: ["x.com"], country: "PK" }]), expected)
    assert.deepStrictEqual(parseOutletFile({ outlets: [{ name: "X", domains: ["x.com"], country: "PK" }] }), expected)
  })
  const bad: ReadonlyArray<readonly [unknown, RegExp]> = [
    [{ outlet: [] }, /expected an array/],
    [[{ aliases: ["X"] }], /#0.*name/],
    [[{ name: "X", aliases: "X" }], /"X".*"aliases" must be an array of strings/],
    [[{ name: "X" }, 3], /#1.*not an object/]
  ]
  for (const [json, message] of bad) {
    it(`rejects ${JSON.stringify(json)}`, () => {
      assert.throws(() => parseOutletFile(json), message)
    })
  }
})

describe("bundled registry (data test)", () => {
  const outlets = loadDefaultOutlets()
  it("documents its source and has at least 45 outlets", () => {
    assert.isTrue(registryFile._source.length > 50)
    assert.isAtLeast(outlets.length, 45)
  })
  it("covers the outlets the project needs", () => {
    const names = new Set(outlets.map((o) => o.name))
    const required = [
      "Dawn", "The Express Tribune", "The News International", "Daily Times", "The Nation", "Business Recorder", "Geo News",
      "ARY News", "Pakistan Today", "The Friday Times", "Samaa", "Dunya News", "Associated Press of Pakistan", "Arab News",
      "Al Jazeera", "Reuters", "Associated Press", "AFP", "BBC", "BBC Urdu", "BBC Russian", "TASS", "RIA Novosti", "Sputnik",
      "RT", "Interfax", "Kommersant", "Izvestia", "Vedomosti", "Rossiyskaya Gazeta", "Nezavisimaya Gazeta", "The Moscow Times",
      "The Diplomat", "Modern Diplomacy", "Tolo News", "Pajhwok Afghan News", "Khaama Press", "Ariana News", "Eurasianet",
      "RFE/RL", "Radio Azattyk", "Radio Ozodi", "Radio Azatlyk", "The Hindu", "The Times of India", "Hindustan Times",
      "The Indian Express", "The Economist", "The Guardian", "The New York Times", "The Washington Post", "Al Arabiya", "Xinhua",
      "Anadolu Agency", "Heart of Asia", "Jang", "Nawa-i-Waqt", "Daily Express (Urdu)"
    ]
    assert.deepStrictEqual(required.filter((name) => !names.has(name)), [])
  })
  it("every alias and every domain finds its own outlet", () => {
    const wrong: Array<string> = []
    for (const outlet of outlets) {
      for (const alias of [outlet.name, ...outlet.aliases]) {
        if (findOutletMention(alias, registry)?.name !== outlet.name) wrong.push(`alias ${alias}`)
        if (findOutletMention(`Published in ${alias}, 2018.`, registry)?.name !== outlet.name) wrong.push(`alias in a line: ${alias}`)
      }
      for (const domain of outlet.domains) {
        if (outletFromDomain(`https://www.${domain}/2018/01/story`, registry)?.name !== outlet.name) wrong.push(`domain ${domain}`)
      }
    }
    assert.deepStrictEqual(wrong, [])
  })
})
