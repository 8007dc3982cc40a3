// Does a line break end a sentence? Takes the text and the position of a "\n"; returns a
// boolean. A blank line always does. A single line break does when the line before has no
// final punctuation and looks like a heading or a list item, i.e. the next line starts
// a list item or anything but a lower-case word (pragmatic_segmenter's list and
// "lower case list separated by newline" cases); "cut off\nin the middle" stays one sentence.
import { CharClass, charClasses, isCloser, isLineStartBullet, isSpace, isTerminator } from "./characters.ts"

const NEWLINE = 0x0a
/** A line ending in one of these continues on the next line. */
const CONTINUES = new Set([",", ";", "-", "\u2013", "\u2014", "(", "[", "&", "/"].map((c) => c.charCodeAt(0)))

const startsListItem = (text: string, at: number): boolean => {
  const first = text.charCodeAt(at)
  if (isLineStartBullet[first] === 1) return at + 1 >= text.length || isSpace(text.charCodeAt(at + 1)) || first > 0x7f
  let end = at
  while (end < text.length && end - at < 3 && charClasses[text.charCodeAt(end)] === CharClass.Digit) end++
  if (end === at && charClasses[first] === CharClass.Lower) end++
  if (end === at) return false
  const marker = text.charCodeAt(end)
  return (marker === 0x2e || marker === 0x29) && (end + 1 >= text.length || isSpace(text.charCodeAt(end + 1)))
}

export const lineBreakEndsSentence = (text: string, newline: number): boolean => {
  let next = newline + 1
  while (next < text.length && isSpace(text.charCodeAt(next))) {
    if (text.charCodeAt(next) === NEWLINE) return true
    next++
  }
  if (next >= text.length) return false
  let last = newline - 1
  while (last >= 0 && isSpace(text.charCodeAt(last))) last--
  if (last < 0) return false
  let beforeClosers = last
  while (beforeClosers >= 0 && isCloser[text.charCodeAt(beforeClosers)] === 1) beforeClosers--
  // a line ending in final punctuation was decided by the terminator rules
  if (beforeClosers >= 0 && isTerminator[text.charCodeAt(beforeClosers)] === 1) return false
  if (startsListItem(text, next)) return true
  if (CONTINUES.has(text.charCodeAt(last))) return false
  return charClasses[text.charCodeAt(next)] !== CharClass.Lower
}
