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
    ])
    func masks(_ pair: (String, String)) {
        #expect(Masking.mask(pair.0) == pair.1)
    }
}
