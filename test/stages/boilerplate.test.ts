import { assert, describe, it } from "@effect/vitest"
import { defaultFurnitureRules, removeBoilerplate } from "../../stages/boilerplate.ts"
import { newDraft, textOf } from "../../stages/document.ts"

const body = (n: number, topic = "talks") =>
  Array.from({ length: n }, (_, i) =>
    `Paragraph ${i + 1} on the ${topic} says that both delegations met for several hours and agreed on a long list of steps to follow.`)

const run = (lines: ReadonlyArray<string>) => {
  const draft = removeBoilerplate(newDraft(lines.join("\n\n")), defaultFurnitureRules)
  return {
    kept: draft.blocks.map((b) => textOf(draft, b)),
    removed: draft.removed.map((r) => [r.kind, draft.raw.slice(r.start, r.end)] as const),
    draft
  }
}

describe("removeBoilerplate", () => {
  it.each([
    ["WordPress comment form", ["Leave a Reply", "Your email address will not be published. Required fields are marked *"], "comment_form"],
    ["Joomla comment form", ["Leave a comment", "Make sure you enter all the required information, indicated by an asterisk (*). HTML code is not allowed."], "comment_form"],
    ["Disqus", ["comments powered by Disqus"], "comment_form"],
    ["share widget", ["Share this:", "Twitter Facebook WhatsApp"], "share_widget"],
    ["WordPress likes", ["%d bloggers like this:"], "share_widget"],
    ["Russian share", ["Поделиться"], "share_widget"],
    ["Urdu share", ["شیئر کریں"], "share_widget"],
    ["newsletter", ["Sign up for our daily newsletter"], "newsletter"],
    ["cookies", ["We use cookies to improve your experience on our website."], "cookie_notice"],
    ["tags", ["Tags: Pakistan, Russia, SCO"], "tag_line"],
    ["copyright footer", ["© 2019 The Nation. All rights reserved."], "footer"],
    ["tagline", ["Your go-to source for analysis of regional and global affairs."], "tagline"],
    ["disclaimer", ["The views expressed in this article are the author's own and do not reflect the editorial policy of the site."], "disclaimer"]
  ])("removes a trailing %s", (_, furniture, kind) => {
    const { kept, removed } = run([...body(3), ...furniture])
    assert.deepStrictEqual(kept, body(3))
    assert.deepStrictEqual(removed.map(([k]) => k), furniture.map(() => kind))
  })

  it("removes anything below a comment-section opener at the end", () => {
    const { kept, removed } = run([...body(4), "3 Comments", "Ali Khan says:", "Great piece, thanks for writing it and sharing it with all of us here."])
    assert.deepStrictEqual(kept, body(4))
    assert.strictEqual(removed.length, 3)
  })

  it("removes a photo credit, a section label and a breadcrumb in the head", () => {
    const { kept, removed } = run(["Home » Opinion » Columns", "Image Credits: Reuters", "Opinion", "A Headline About Talks", ...body(2)])
    assert.deepStrictEqual(kept, ["A Headline About Talks", ...body(2)])
    assert.deepStrictEqual(removed.map(([k]) => k), ["breadcrumb", "photo_credit", "section_label"])
  })

  it("drops a pull quote that repeats a body sentence, keeping the body sentence", () => {
    const quote = "Peace will not come from the barrel of a gun"
    const paragraphs = [body(1)[0]!, `The envoy was blunt. ${quote}. He then left the room.`, quote, ...body(2)]
    const { kept, removed } = run(paragraphs)
    assert.deepStrictEqual(removed, [["pull_quote", quote]])
    assert.include(kept.join("\n"), `${quote}.`)
  })

  it("cuts a 'Published in' note from the end of a paragraph and keeps the outlet and date as candidates", () => {
    const { kept, removed, draft } = run([`${body(1)[0]} There is a need for realism. * Published in Daily Times, April 25th 2018.`])
    assert.deepStrictEqual(kept, [`${body(1)[0]} There is a need for realism.`])
    assert.deepStrictEqual(removed, [["published_in", "* Published in Daily Times, April 25th 2018."]])
    assert.deepStrictEqual(draft.outletCandidates, [{ text: "Daily Times", role: "published_in" }])
    assert.strictEqual(draft.dateCandidates[0]?.role, "published")
  })

  it("never removes body sentences that merely mention furniture words", () => {
    const traps = [
      "Commenting on the talks, the minister said both sides would share intelligence on militant groups.",
      "The report was published in 2017 by the ministry and was widely shared by officials at the time.",
      "Readers left hundreds of comments on the ministry's page after the announcement was made public.",
      "The writer Leo Tolstoy once described the region as a place where empires come to learn humility.",
      "Tags and labels matter less than deeds, the ambassador said, adding that trust takes years to build.",
      "Your guess is as good as mine, the official told reporters in the capital on Tuesday evening."
    ]
    const { kept, removed } = run([...body(2), ...traps, ...body(1)])
    assert.deepStrictEqual(removed, [])
    assert.deepStrictEqual(kept, [...body(2), ...traps, ...body(1)])
  })

  it("does not treat a tail-only pattern in the middle of the body as furniture", () => {
    const tagline = "Your go-to source for analysis of regional and global affairs."
    const { removed } = run([...body(2), tagline, ...body(2)])
    assert.deepStrictEqual(removed, [])
  })
})

describe("removeBoilerplate on lists, sections and other scripts", () => {
  it("removes a related-links header with the headlines listed under it, and stops at prose", () => {
    const { kept, removed } = run([...body(3), "Read also", "Lavrov to visit Pakistan for talks", "Why Moscow courts Islamabad", ...body(1, "trade")])
    assert.deepStrictEqual(kept, [...body(3), ...body(1, "trade")])
    assert.deepStrictEqual(removed.map(([k]) => k), ["related_links", "related_links", "related_links"])
  })

  it.each([
    ["Читайте также", "related_links"],
    ["Подписывайтесь на РИА Новости в Telegram", "share_widget"],
    ["Комментарии (12)", "comment_form"],
    ["مزید پڑھیں", "related_links"],
    ["اشتہار", "advertisement"],
    ["جیو نیوز کو فیس بک پر فالو کریں", "share_widget"],
    ["3 Min Read", "view_counter"],
    ["Labels: SCO, Qingdao summit", "tag_line"],
    ["Image copyright AFP", "photo_credit"]
  ])("recognises %s", (line, kind) => {
    const { removed } = run([...body(3), line])
    assert.deepStrictEqual(removed.map(([k]) => k), [kind])
  })

  it("does not take 'Published in X' without a date as the outlet (a Joomla category)", () => {
    const { draft } = run([...body(2), "Published in Opinion"])
    assert.deepStrictEqual(draft.outletCandidates, [])
  })
})

describe("removeBoilerplate on menus, counters and notices", () => {
  it.each([
    ["Sign in | Register", "navigation"],
    ["SIGN IN", "navigation"],
    ["Вконтакте", "navigation"],
    ["واٹس ایپ", "navigation"],
    ["2.4K", "view_counter"],
    ["37 Likes", "view_counter"],
    ["Subscribe to The Border Letter", "newsletter"],
    ["All rights reserved. Reproduction without permission is prohibited.", "footer"],
    ["Все права защищены.", "footer"],
    ["(Continued on Page 9)", "footer"],
    ["A fisherman mends nets at the old quay in Gwadar. (AFP Photo)", "caption"],
    ["Статья опубликована в № 1234 от 01.02.2019 под заголовком: Новый путь", "published_in"]
  ])("recognises %s", (line, kind) => {
    const { removed } = run([...body(3), line, ...body(1, "trade")])
    assert.deepStrictEqual(removed.map(([k]) => k), [kind])
  })

  it("sees non-breaking spaces as spaces", () => {
    const { removed } = run([...body(3), "Leave\u00a0a\u00a0Reply"])
    assert.deepStrictEqual(removed.map(([k]) => k), ["comment_form"])
  })

  it("cuts an agency end marker from the last paragraph", () => {
    const { kept } = run([...body(2), "The talks will resume in April, officials said. Enditem"])
    assert.strictEqual(kept.at(-1), "The talks will resume in April, officials said.")
  })

  it("keeps body lines that only contain menu words among others", () => {
    const line = "Share prices rose in Karachi after the minister promised to follow the plan through."
    const { removed } = run([...body(2), line, ...body(1)])
    assert.deepStrictEqual(removed, [])
  })
})
