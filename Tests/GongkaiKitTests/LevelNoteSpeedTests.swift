import Foundation
import Testing
@testable import GongkaiCore

/// The level notes' readings made cheaper for loading (issue 12) must read every line as before: `holdsWord` answers as
/// `contains` does, and `levelNote`'s memo answers as a fresh reading does, for each line's own bytes.
@Suite("Level notes read cheaply, with the same answers")
struct LevelNoteSpeedTests {
    /// Texts a clerk's files hold, and texts where reading bytes and reading characters part: a combining mark after the
    /// word, CR LF, a compatibility ideograph (U+F9D7 is canonically 輪), a variation selector, full-width forms.
    static let texts = [
        "以下内容涉密，不予公开", "上述内容中涉及个人隐私的部分不予公开", "本项目部分经费按规定不予公开", "资助育人长效机制",
        "以下为依申请公开办理情况", "内部资料勿外传", "涉密\u{301}", "不涉密\u{301}内容", "以下内容涉密\r\n", "涉\r\n密",
        "车\u{F9D7}涉密", "车輪涉密", "涉密\u{FE0F}", "ＡＢＣ涉密", "abc", "", "的，", "的,部分", "e\u{301}的部分", "的部分\u{302A}", "以下内容　涉密：青峰", "注：以下内容涉密\r\n",
    ]
    static let words = ["涉密", "不涉密", "的，", "的,", "的部分", "輪", "\u{F9D7}", "密", "内部资料", "e", "\u{301}", "ＡＢＣ", "\r\n", "涉", ""]

    @Test func holdsWordAnswersAsContainsDoes() {
        for text in Self.texts {
            for word in Self.words {
                #expect(text.holdsWord(word) == text.contains(word), "\(text.debugDescription) holds \(word.debugDescription)")
                let slice = text.dropFirst()
                #expect(slice.holdsWord(word) == slice.contains(word), "\(slice.debugDescription) holds \(word.debugDescription)")
            }
        }
    }

    /// Two lines that Swift's `==` takes as one (canonically equivalent) but whose bytes differ are remembered apart: the
    /// readings look at bytes, and a line must never get the answer another line earned.
    @Test func theMemoIsKeyedByBytes() {
        LevelNoteMemo.empty()
        let composed = "以下内容涉密\u{E9}", decomposed = "以下内容涉密e\u{301}"
        #expect(composed == decomposed)
        #expect(LevelNoteMemo.answer(Substring(composed)) { _ in "composed" } == "composed")
        #expect(LevelNoteMemo.answer(Substring(decomposed)) { _ in "decomposed" } == "decomposed")
        #expect(LevelNoteMemo.answer(Substring(composed)) { _ in "read again" } == "composed")
        // A line read as no note is remembered as none, not read again.
        #expect(LevelNoteMemo.answer("资助育人长效机制") { _ in nil } == nil)
        #expect(LevelNoteMemo.answer("资助育人长效机制") { _ in "read again" } == nil)
        LevelNoteMemo.empty()
        #expect(LevelNoteMemo.answer(Substring(composed)) { _ in "read again" } == "read again")
        LevelNoteMemo.empty()
    }

    /// A note asked again, or after the memo is emptied, gets the same answer.
    @Test func aRememberedNoteIsTheSameNote() {
        let notes = ["以下内容涉密", "【内部】", "<!-- 涉密 -->", "本项目涉密。", "青峰七号工程涉密，请勿公开", "以\u{200B}下内容涉密"]
        let plain = ["资助育人长效机制", "2个月内发放到位", "本项目部分经费按规定不予公开", "以下为依申请公开办理情况"]
        for _ in 0..<2 {
            for line in notes { #expect(levelNote(Substring(line)) != nil, "\(line)") }
            for line in plain { #expect(levelNote(Substring(line)) == nil, "\(line)") }
            LevelNoteMemo.empty()
        }
    }
}
