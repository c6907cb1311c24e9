import Testing
import TongbanCore

/// Identity and phone numbers masked in any text; other digit runs left alone.
@Suite struct MaskingTests {
    @Test(arguments: [
        ("申请人 31010419900307123X 已提交", "申请人 310104**********3X 已提交"),
        ("id=310104199003071234,", "id=310104**********34,"),
        ("phone 13812345678.", "phone 138****5678."),
        ("{\"phone\":\"15900001111\",\"idNumber\":\"34010219880505978x\"}", "{\"phone\":\"159****1111\",\"idNumber\":\"340102**********8x\"}"),
        ("case SH2026113000001 and 12345678901 (not a mobile) and 020-12345678", "case SH2026113000001 and 12345678901 (not a mobile) and 020-12345678"),
        ("1381234567 and 138123456789 stay", "1381234567 and 138123456789 stay"),
        ("", ""),
        // Cut off after a key (a truncated answer excerpt): once a trap, now kept as it is.
        ("{\"name\":", "{\"name\":"),
        ("{\"name\": ", "{\"name\": "),
        ("{\"name\":1}", "{\"name\":1}"),
    ])
    func masks(_ pair: (String, String)) {
        #expect(Masking.mask(pair.0) == pair.1)
    }
}

/// The forms personal data takes in back ends' answers and free text.
@Suite struct MaskingFormsTests {
    @Test(arguments: [
        ("tel +8613812345678 ok", "tel +86138****5678 ok"),
        ("tel 8613812345678", "tel 86138****5678"),
        ("tel 008613812345678", "tel 0086138****5678"),
        ("tel +86 13812345678", "tel +86 138****5678"),
        ("ID310104199003071234", "ID310104**********34"),
        ("证件31010419900307123X号", "证件310104**********3X号"),
        ("old 310104900307123 id", "old 310104******123 id"),
        ("passport E12345678.", "passport E******78."),
        ("permit H1234567", "permit H*****67"),
        (#"{"name":"张三丰","idNumber":"E12345678"}"#, #"{"name":"张**","idNumber":"E******78"}"#),
        (#"{"applicantName": "李四"}"#, #"{"applicantName": "李**"}"#),
        ("<SQR><XM>王五</XM><ZJHM>G87654321</ZJHM></SQR>", "<SQR><XM>王**</XM><ZJHM>G******21</ZJHM></SQR>"),
        ("apply_name=赵六&x=1", "apply_name=赵**&x=1"),
        ("adapter notary-sandbox case SH2026113000001 at 20261201120000", "adapter notary-sandbox case SH2026113000001 at 20261201120000"),
        (#"{"file":"a.pdf","hostname":"x"}"#, #"{"file":"a.pdf","hostname":"x"}"#),
    ])
    func masks(_ pair: (String, String)) {
        #expect(Masking.mask(pair.0) == pair.1)
    }
}

/// Masking hostile text costs linear time.
@Suite struct MaskingCostTests {
    @Test func manyTagsAndQuotesAreLinear() {
        for text in [String(repeating: "<a", count: 20_000), String(repeating: "\"x", count: 20_000), String(repeating: "<ab>", count: 20_000),
                     String(repeating: "a=", count: 20_000), String(repeating: "name=", count: 20_000)] {
            let start = ContinuousClock.now
            _ = Masking.mask(text)
            #expect(ContinuousClock.now - start < .seconds(2), "\(text.prefix(8))…")
        }
    }
}
