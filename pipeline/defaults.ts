/**
 * The flow options a run uses when no flag changes them: built-in furniture
 * rules, the bundled outlet registry (plus any user outlets) and the default
 * language candidates.
 */
import { defaultFurnitureRules } from "../stages/boilerplate.ts"
import { defaultLanguageOptions } from "../stages/language/detect.ts"
import { compileOutletRegistry, loadDefaultOutlets, mergeOutlets, type Outlet } from "../stages/outlets.ts"
import type { FlowOptions } from "./flow.ts"

export const makeFlowOptions = (settings: {
  readonly referenceDate: string
  readonly dayFirst?: boolean
  readonly languages?: ReadonlyArray<string>
  readonly extraOutlets?: ReadonlyArray<Outlet>
}): FlowOptions => ({
  referenceDate: settings.referenceDate,
  dayFirst: settings.dayFirst ?? true,
  language: settings.languages === undefined ? defaultLanguageOptions : { candidates: settings.languages },
  furniture: defaultFurnitureRules,
  outlets: compileOutletRegistry(mergeOutlets(loadDefaultOutlets(), settings.extraOutlets ?? []))
})
