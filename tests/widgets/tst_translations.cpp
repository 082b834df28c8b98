// The Simplified Chinese interface (issue 17): resources/translations/attnscope_zh_CN.ts is
// complete (no unfinished, obsolete or empty message) and every translation keeps its source's
// placeholders, accelerators and line breaks; the .qm the build compiles from it is in the
// widgets library's resources and translates; core's English texts that the interface shows
// (steps, head metrics, mask atoms, presets, patterns) are all translated; the language follows
// the saved choice, else the system locale; and a figure drawn in Chinese, with Chinese tokens,
// names a CJK family in its SVG and takes its Chinese glyphs from it in the PNG.

#include <QDir>
#include <QFontDatabase>
#include <QImage>
#include <QRawFont>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextLayout>
#include <QTranslator>
#include <QXmlStreamReader>

#include "ViewTestSupport.h"
#include "core/common/Text.h"
#include "core/engine/Scenario.h"
#include "core/masks/MaskExpr.h"
#include "widgets/export/FigureExporter.h"
#include "widgets/heatmap/HeatmapGridView.h"
#include "widgets/i18n/CoreMessages.h"
#include "widgets/i18n/InterfaceLanguage.h"
#include "widgets/views/CoreTexts.h"
#include "widgets/views/FigureFont.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {

const QString kTsPath = QDir::cleanPath(
    QStringLiteral(ATTNSCOPE_TEST_DATA "/../../resources/translations/attnscope_zh_CN.ts"));
const QString kQmPath = QStringLiteral(":/i18n/attnscope_zh_CN.qm");

struct TsMessage {
    QString context, source, translation, type;
    int line = 0;  // in the .ts, for the failure message
};

QList<TsMessage> readTs(const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = path + ": " + file.errorString();
        return {};
    }
    QList<TsMessage> out;
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage m;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) continue;
        if (xml.name() == u"context") {
            context.clear();
        } else if (xml.name() == u"name") {
            context = xml.readElementText();
        } else if (xml.name() == u"message") {
            m = TsMessage{context, {}, {}, {}, int(xml.lineNumber())};
            if (xml.attributes().hasAttribute("numerus")) m.type = "numerus";
        } else if (xml.name() == u"source") {
            m.source = xml.readElementText();
        } else if (xml.name() == u"translation") {
            if (m.type.isEmpty()) m.type = xml.attributes().value("type").toString();
            m.translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            out << m;
        }
    }
    if (xml.hasError())
        *error = QString("%1:%2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return out;
}

/// The %1…%99 placeholders of `text`, sorted (a placeholder may appear twice).
QStringList placeholders(const QString& text) {
    static const QRegularExpression re(R"(%(\d{1,2}))");
    QStringList out;
    for (auto it = re.globalMatch(text); it.hasNext();) out << it.next().captured(0);
    out.sort();
    return out;
}

/// The other markers the code fills in or needs back: %p (QProgressBar), @xLabel (Qt Data
/// Visualization), an accelerator (&F, not &amp; or a lone "& ").
QStringList markers(const QString& text) {
    static const QRegularExpression re(R"(%p|@[xyz]Label)");
    QStringList out;
    for (auto it = re.globalMatch(text); it.hasNext();) out << it.next().captured(0);
    QString plain = text;
    plain.replace("&amp;", "").replace("&&", "");
    static const QRegularExpression accelerator(R"(&[\p{L}\p{N}])");
    if (plain.contains(accelerator)) out << "&accelerator";
    out.sort();
    return out;
}

/// The families the glyphs of `text` come from when drawn in `font`.
QStringList glyphFamilies(const QString& text, const QFont& font) {
    QTextLayout layout(text, font);
    layout.beginLayout();
    layout.createLine();
    layout.endLayout();
    QStringList families;
    for (const QGlyphRun& run : layout.glyphRuns()) families << run.rawFont().familyName();
    return families;
}

}  // namespace

class TestTranslations : public QObject {
    Q_OBJECT
private slots:
    void tsIsCompleteAndKeepsPlaceholders() {
        QString error;
        const QList<TsMessage> messages = readTs(kTsPath, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(messages.size() > 400, qPrintable(QString::number(messages.size())));
        QStringList problems;
        for (const TsMessage& m : messages) {
            const QString where = QString("%1:%2 [%3] \"%4\"")
                                      .arg(QFileInfo(kTsPath).fileName())
                                      .arg(m.line)
                                      .arg(m.context, m.source.left(60));
            if (m.type == "unfinished")
                problems << where + ": unfinished";
            else if (m.type == "obsolete" || m.type == "vanished")
                problems << where + ": " + m.type + " (run lupdate with -no-obsolete)";
            else if (m.type == "numerus")
                problems << where + ": plural forms are not used (two sources instead)";
            else if (m.translation.trimmed().isEmpty())
                problems << where + ": empty translation";
            else if (placeholders(m.source) != placeholders(m.translation))
                problems << where + ": placeholders " + placeholders(m.source).join(' ') +
                                " became " + placeholders(m.translation).join(' ');
            else if (markers(m.source) != markers(m.translation))
                problems << where + ": markers " + markers(m.source).join(' ') + " became " +
                                markers(m.translation).join(' ');
            // Flowchart boxes and figure texts split at line breaks (title, then detail).
            else if (m.source.count('\n') != m.translation.count('\n'))
                problems << where + ": line breaks differ";
        }
        QVERIFY2(problems.isEmpty(), qPrintable("\n" + problems.join('\n')));
    }

    void compiledTranslationIsInTheResources() {
        QTranslator translator;
        QVERIFY2(translator.load(kQmPath), "the build embeds :/i18n/attnscope_zh_CN.qm");
        QVERIFY(QCoreApplication::installTranslator(&translator));
        const QString title = QCoreApplication::translate(
            "attnscope::HeatmapGridView", "Layer %1: 2D Attention Maps (All Heads)");
        const QString file = QCoreApplication::translate("attnscope::MainWindow", "&File");
        const QString sink = QCoreApplication::translate("attnscope::HeadMetric", "sink score");
        QCoreApplication::removeTranslator(&translator);
        QCOMPARE(title, QString("第 %1 层：二维注意力图（全部头）"));
        QCOMPARE(file, QString("文件(&F)"));
        QCOMPARE(sink, QString("汇聚分数"));
        // Uninstalled, the interface is English again.
        QCOMPARE(QCoreApplication::translate("attnscope::MainWindow", "&File"), QString("&File"));
    }

    void coreTextsAreTranslated() {
        // Translated by their English text: a text core changes would silently fall back.
        QTranslator t;
        QVERIFY(t.load(kQmPath));
        QStringList missing;
        auto check = [&](const char* context, const std::string& english) {
            if (t.translate(context, english.c_str()).isEmpty())
                missing << QString("[%1] %2").arg(context, QString::fromStdString(english));
        };
        for (int i = 0; i < kStepCount; ++i) check("attnscope::Step", stepName(Step(i)));
        for (int i = 0; i < kHeadMetricCount; ++i)
            check("attnscope::HeadMetric", headMetricName(HeadMetric(i)));
        for (const AtomSpec& a : MaskAtom::specs()) check("attnscope::MaskAtom", a.help);
        for (const Preset& p : allPresets()) check("attnscope::Preset", p.summary);
        for (PatternKind k : {PatternKind::Random, PatternKind::Local, PatternKind::Global,
                              PatternKind::Translation})
            check("attnscope::PatternKind", toString(k));
        QVERIFY2(
            missing.isEmpty(),
            qPrintable("\nnot in widgets/views/CoreTexts.cpp or the .ts:\n" + missing.join('\n')));
        QVERIFY(QCoreApplication::installTranslator(&t));
        const QString step = stepTitle(Step::Probabilities);
        const QString atom = maskAtomHelp(*MaskAtom::findSpec("causal"));
        QCoreApplication::removeTranslator(&t);
        QCOMPARE(step, QString("Softmax"));
        QCOMPARE(atom, QString("查询位置及其之前的键：kv ≤ q"));
    }

    void coreMessagesKeepTheirEnglishAndTranslate() {
        // The command line's English is the template with its arguments; an argument's own %1
        // is never substituted again.
        const Error made = Text::tr("%2 then %1: %3", 7, std::string("a%1b"), Text::tr("plain"));
        QCOMPARE(QString::fromStdString(made.message), QString("a%1b then 7: plain"));
        QCOMPARE(coreMessage(made), QString("a%1b then 7: plain"));  // no translator: English

        // A mask error as the mask field shows it: nested templates (mask: column N: …).
        Scenario s;
        s.qLen = s.kvLen = 16;
        s.mask = "causal & (window(4) | prefix(2)";
        const Status bad = s.validate();
        QVERIFY(!bad);
        const QString english = QString::fromStdString(bad.error());
        QVERIFY2(english.startsWith("mask: column "), qPrintable(english));
        QCOMPARE(coreMessage(bad), english);
        const Result<MaskExpr> unknown = MaskExpr::parse("causal & windw(4)");
        QVERIFY(!unknown);
        QCOMPARE(unknown.failure().column, 10);  // positions survive the templates

        QTranslator t;
        QVERIFY(t.load(kQmPath));
        QVERIFY(QCoreApplication::installTranslator(&t));
        const QString zhBad = coreMessage(bad);
        const QString zhUnknown = coreMessage(unknown.failure());
        const QString zhMissing = coreMessage(Scenario::load("/nonexistent/x.attnscope.json"));
        QCoreApplication::removeTranslator(&t);
        static const QRegularExpression cjk("[\\x{4e00}-\\x{9fff}]");
        for (const QString& zh : {zhBad, zhUnknown, zhMissing}) {
            QVERIFY2(zh.contains(cjk), qPrintable(zh));
            QVERIFY2(!zh.contains(QRegularExpression("%\\d")), qPrintable(zh));
        }
        // The arguments stay as they were: the column, the atom the user typed, the path.
        QVERIFY2(zhBad.contains("32") && !zhBad.startsWith("mask"), qPrintable(zhBad));
        QVERIFY2(zhUnknown.contains("'windw'") && zhUnknown.contains("10"), qPrintable(zhUnknown));
        QVERIFY2(zhMissing.contains("/nonexistent/x.attnscope.json"), qPrintable(zhMissing));
    }

    void languageFollowsTheChoiceElseTheSystem_data() {
        QTest::addColumn<QString>("saved");
        QTest::addColumn<QString>("system");
        QTest::addColumn<QString>("language");
        QTest::newRow("Chinese system") << ""
                                        << "zh_CN"
                                        << "zh_CN";
        QTest::newRow("Singapore") << ""
                                   << "zh_SG"
                                   << "zh_CN";
        QTest::newRow("traditional script") << ""
                                            << "zh_TW"
                                            << "en";
        QTest::newRow("English system") << ""
                                        << "en_US"
                                        << "en";
        QTest::newRow("German system") << ""
                                       << "de_DE"
                                       << "en";
        QTest::newRow("English chosen") << "en"
                                        << "zh_CN"
                                        << "en";
        QTest::newRow("Chinese chosen") << "zh_CN"
                                        << "de_DE"
                                        << "zh_CN";
        QTest::newRow("unknown choice") << "fr"
                                        << "zh_CN"
                                        << "zh_CN";
    }
    void languageFollowsTheChoiceElseTheSystem() {
        QFETCH(QString, saved);
        QFETCH(QString, system);
        QFETCH(QString, language);
        QCOMPARE(InterfaceLanguage::resolve(saved, QLocale(system)), language);
    }

    void savedChoiceIsRead() {
        QTemporaryDir dir;
        QSettings settings(dir.filePath("settings.ini"), QSettings::IniFormat);
        InterfaceLanguage::save(settings, "zh_CN");
        QCOMPARE(InterfaceLanguage::current(settings), QString("zh_CN"));
        InterfaceLanguage::save(settings, "en");
        QCOMPARE(InterfaceLanguage::current(settings), QString("en"));
        QCOMPARE(InterfaceLanguage::nativeName("zh_CN"), QString("中文 (简体)"));
        QCOMPARE(InterfaceLanguage::available(), QStringList({"en", "zh_CN"}));
    }

    void chineseFigureUsesACjkFont() {
        if (!QFontDatabase::families().contains("Noto Sans CJK SC"))
            QSKIP("Noto Sans CJK SC is not installed (fonts-noto-cjk, scripts/install-deps.sh)");
        // Latin from DejaVu, Chinese from the Simplified Chinese face (not a Japanese fallback).
        const QStringList families = glyphFamilies("Layer 3: 注意力汇聚", figureFont(12));
        QVERIFY2(families.contains("DejaVu Sans") && families.contains("Noto Sans CJK SC"),
                 qPrintable(families.join(", ")));
        QVERIFY2(glyphFamilies("掩码", figureFont(9, QFont::Normal, "DejaVu Sans Mono"))
                     .contains("Noto Sans Mono CJK SC"),
                 "the mask properties' monospaced font");

        // The heads grid in Chinese with Chinese tokens: titles, axes and ticks in the figure.
        QTranslator translator;
        QVERIFY(translator.load(kQmPath));
        QVERIFY(QCoreApplication::installTranslator(&translator));
        Scenario s = *presetScenario("local");
        s.queryTokens = {"注意力", "是", "你", "所", "需要", "的", "一切"};
        s.qLen = s.kvLen = int64_t(s.queryTokens.size());
        HeatmapGridView view;
        view.resize(view.figureSize());
        view.setTrace(buildTrace(s));
        const QString title = view.figureTitle();
        const QByteArray svg = FigureExporter::renderSvg(view);
        const QImage png = FigureExporter::renderPng(view, 96);
        QCoreApplication::removeTranslator(&translator);

        QCOMPARE(title, QString("第 %1 层：二维注意力图（全部头）").arg(s.layer));
        // Text stays text; Qt writes one <text> per run of one font (Latin, then Chinese).
        const QString text = QString::fromUtf8(svg);
        for (const QString& shown : {QString("二维注意力图"), QString("查询词元"), QString("需要")})
            QVERIFY2(text.contains(shown), qPrintable(shown + " not in the SVG"));
        QVERIFY2(text.contains("font-family=\"DejaVu Sans, Noto Sans CJK SC\""),
                 "the SVG names the CJK family after DejaVu Sans");
        QVERIFY2(!text.contains("font-family=\"DejaVu Sans\""), "a font without its CJK family");
        QVERIFY(!png.isNull());
        QCOMPARE(png.size(), view.figureSize());
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
