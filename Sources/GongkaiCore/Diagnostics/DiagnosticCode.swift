/// Stable diagnostic codes. Never renumber: clerks and scripts search for them.
/// docs/diagnostics.md explains each one.
public enum DiagnosticCode: String, Sendable, CaseIterable {
    // Files and syntax
    case unreadableFile = "GK001"
    case yamlSyntax = "GK002"
    case frontMatter = "GK003"
    case missingFile = "GK004"
    case outputFolder = "GK005"
    case writeFailed = "GK006"
    case signingKey = "GK007"
    case publicationRecord = "GK008"
    case unreadContent = "GK009"
    case deployBusy = "GK010"
    case deploySignature = "GK011"
    case deployWithheld = "GK012"
    // Shape of the data
    case wrongType = "GK101"
    case unknownKey = "GK102"
    case missingField = "GK103"
    case duplicateKey = "GK104"
    case yamlAlias = "GK105"
    case yamlTag = "GK106"
    /// A `#` after a space and before a word in a plain text (`偏低 #2 监测点…`): YAML drops the rest of the line as a comment.
    case commentCutsText = "GK107"
    /// A Markdown line of words taken for a link definition (`[附注]: 本办法自……施行`): the page never shows it.
    case definitionNotShown = "GK108"
    /// Words indented by four spaces or a tab (paragraphs pasted from Word): Markdown shows them as code, unwrapped.
    case indentedParagraph = "GK109"
    /// A heading's `#` with no space after it (`##一、基本情况`): Markdown shows the line as text, marks and all.
    case headingWithoutSpace = "GK113"
    // References and identity
    case unknownReference = "GK110"
    case duplicateCode = "GK111"
    case unitOutsideDepartment = "GK112"
    // Values
    case malformedNumber = "GK120"
    case malformedTarget = "GK121"
    case malformedDate = "GK122"
    case unknownDisclosureLevel = "GK123"
    case invalidURL = "GK124"
    case invalidValue = "GK125"
    case amountOutOfRange = "GK126"
    /// A `plain_text:` entry that clears no note in its file's text (`ConfirmedText`).
    case confirmedTextUnused = "GK127"
    // Paths and slugs
    case unsafeSlug = "GK130"
    case pathConflict = "GK131"
    // Markdown passages
    case passageFence = "GK140"
    case fenceSpelling = "GK141"
    case fenceInPlainText = "GK142"
    case rawHTML = "GK143"
    case externalResource = "GK144"
    case deadLink = "GK145"
    /// A theme file (`assets/…`) that withheld content refers to: the theme's files are all published.
    case withheldAsset = "GK146"
    /// A link whose scheme is not http, https, mailto or tel: published as its text, without the address.
    case linkScheme = "GK147"
    /// An editor's hidden comment (`%% … %%`): cmark publishes it as text.
    case hiddenComment = "GK148"
    /// A link on a public page to the address of a withheld item: the address holds its code, published with the page.
    case withheldLink = "GK149"
    // Theme
    case themeTemplate = "GK150"
    /// A template key that no gongkai view gives: Mustache would draw it as nothing.
    case themeKey = "GK151"
    // Grade schemes
    case gradeScheme = "GK160"
    /// A band whose lower bound is above the most a score can be (`min: 900` typed for 90): no item ever gets it.
    case unreachableGrade = "GK161"
    // Attachments and pictures (the theme's `assets/`, all published)
    /// An attachment whose contents gongkai cannot read (an old Office or WPS file, an encrypted one, an unknown binary,
    /// a damaged or hostile archive, data after a picture's end): it would be published unread.
    case attachmentUnreadable = "GK170"
    /// An attachment holding what its reader finds but the clerk does not see (a hidden sheet, row or column, comments,
    /// tracked changes, hidden text, a photo's place) or active content (a script, an external reference).
    case attachmentHidden = "GK171"
    // Required items (warnings; errors with --strict or `compliance: {strict: true}`)
    case missingTargets = "GK301"
    case emptyIndicatorTable = "GK302"
    case missingPublishDate = "GK303"
    case missingResults = "GK304"
    case publishedLate = "GK305"
    case emptySelfEvaluation = "GK306"
    case missingKeyEvaluationResults = "GK307"
    case inferableFromTotals = "GK308"
    case publishedAfterReferenceDay = "GK309"
    /// 空白栏目: a department page or the policy list with nothing public in it (a warning, never an error: inspections count them).
    case emptySection = "GK310"
    // The internal report
    case reportPath = "GK320"
    // Scoring arithmetic (self-evaluation tables, funding)
    case weightsDoNotAddUp = "GK401"
    case scoreOutOfRange = "GK402"
    case totalScoreMismatch = "GK403"
    case executionScoreMismatch = "GK404"
    case fundingTotalMismatch = "GK405"
    case usesExceedBudget = "GK406"
    case gradeMismatch = "GK407"
    case fullScoreForUnmetTarget = "GK410"
    case scoreOutsideAchievementBand = "GK411"
    case groupOutsideFrame = "GK412"
    case bonusOverCap = "GK413"
    case adjustedTotalMismatch = "GK414"
    case executionUnchecked = "GK415"
    case rowNotScored = "GK416"
    case overspent = "GK417"
    case completionUndated = "GK418"
    case scoreAboveCompletionRatio = "GK419"
    case percentWithoutSign = "GK420"
    case percentWithComma = "GK421"
    /// A row short of its target (or losing points on a result not judged) without 偏差原因分析及改进措施.
    case deviationUnexplained = "GK422"
    /// A scored row without its 实际完成值.
    case actualMissing = "GK423"
    /// 抽查复核: the re-check score differs from the self-score by more than `scoring.recheck_threshold`.
    case recheckDifference = "GK424"
    /// 事前绩效评估 concluded 不予支持, yet the project is in the budget.
    case exAnteRefused = "GK425"
    /// A monitoring checkpoint lags its plan past the 预警 threshold and states no corrective action (纠偏).
    case monitoringLagUnanswered = "GK426"
    // Spreadsheet import
    case importFile = "GK500"
    case importNumber = "GK501"
    case importMissingCell = "GK502"
    case importWeights = "GK503"
    case importLevel = "GK504"
    case importReference = "GK505"
    case importExists = "GK506"
    case importLayout = "GK507"
    case importDisclosure = "GK508"
    case importResult = "GK509"
    case importIgnored = "GK510"
    case importWouldLose = "GK511"
    /// A self-evaluation's 自评等级 that its score does not give under the site's grade scheme.
    case importGrade = "GK520"
    // Leak audit
    case leak = "GK900"
    case copiedWithheld = "GK901"
}
