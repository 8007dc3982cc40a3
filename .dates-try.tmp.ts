import { findDate, classifyDateLine } from "./stages/dates/index.ts"
const o = { referenceDate: "2024-01-01", dayFirst: true }
for (const s of process.argv.slice(2)) console.log(JSON.stringify(s), JSON.stringify(findDate(s, o)), classifyDateLine(s))
