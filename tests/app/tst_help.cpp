// Per-command help (issue 17): `attnscope help COMMAND` and `attnscope COMMAND --help` print the
// same text, made from the option table the command's parser takes — every option with its value
// name, the examples, the exit codes; an unknown option names the nearest valid one; the man page
// and the bash completion carry every command and option; every example gets past the option
// check (no example uses an option its command does not have).

#include <QtTest>

#include "TestSupport.h"
#include "app/CommandTable.h"

using namespace attnscope;
using namespace attnscope::test;

class TestHelp : public QObject {
    Q_OBJECT
private slots:
    void everyCommandHasItsOwnHelp_data() {
        QTest::addColumn<QString>("command");
        for (const CommandSpec& c : CommandTable::commands())
            QTest::newRow(qPrintable(c.name)) << c.name;
    }
    void everyCommandHasItsOwnHelp() {
        QFETCH(QString, command);
        const CommandSpec* c = CommandTable::find(command);
        QVERIFY(c);
        const Run viaHelp = runCli({"help", command});
        QCOMPARE(viaHelp.code, 0);
        QVERIFY(viaHelp.out.startsWith("attnscope " + command + " — "));
        QVERIFY(viaHelp.out.contains("Usage: attnscope " + command));
        QVERIFY(viaHelp.out.contains("Exit codes:"));
        // `COMMAND --help` and `-h` print the very same text.
        if (command != "help") {
            const Run viaFlag = runCli({command, "--help"});
            QCOMPARE(viaFlag.code, 0);
            QCOMPARE(viaFlag.out, viaHelp.out);
            QCOMPARE(runCli({command, "-h"}).out, viaHelp.out);
        }
        // Every option the parser takes, with its value name; nothing the parser does not take.
        const QList<QCommandLineOption> options = c->options();
        QVERIFY(!options.isEmpty());
        QStringList listed;
        for (const QString& line : viaHelp.out.split('\n'))
            if (line.startsWith("  --")) listed << line.mid(4).section(' ', 0, 0).remove(',');
        for (const QCommandLineOption& o : options) {
            QVERIFY2(listed.contains(o.names().constFirst()),
                     qPrintable(command + ": --" + o.names().constFirst() + " not listed"));
            if (!o.valueName().isEmpty())
                QVERIFY(viaHelp.out.contains("--" + o.names().constFirst() + " " + o.valueName()));
            for (const QString& d : o.defaultValues())
                QVERIFY(viaHelp.out.contains("[default: " + d));
        }
        QCOMPARE(listed.size(), options.size() + 1);  // and --help
        // Examples, each of them free of unknown options.
        QVERIFY(!c->examples.isEmpty());
        for (const QString& e : c->examples) {
            QVERIFY(viaHelp.out.contains("  attnscope " + e));
            QStringList args{"attnscope"};
            args << QProcess::splitCommand(e.section('|', 0, 0));
            if (args.value(1) == "help") continue;
            const CommandSpec* target = CommandTable::find(args.value(1));
            QVERIFY2(target, qPrintable(e));
            for (const QString& a : args.mid(2))
                if (a.startsWith("--") && a != "--help") {
                    bool known = false;
                    for (const QCommandLineOption& o : target->options())
                        known = known || o.names().contains(a.mid(2).section('=', 0, 0));
                    QVERIFY2(known, qPrintable("example '" + e + "' uses unknown " + a));
                }
        }
    }

    void unknownOptionsSuggestTheNearest() {
        const Run pool = runCli({"compute", "--preset", "hf-causal", "--pool", "--out", "x.npz"});
        QCOMPARE(pool.code, 2);
        QVERIFY2(pool.err.contains("unknown option '--pool'; did you mean --pooled?"),
                 qPrintable(pool.err));
        const Run typo = runCli({"mask", "causal", "--q-lne", "8"});
        QCOMPARE(typo.code, 2);
        QVERIFY2(typo.err.contains("did you mean --q-len?"), qPrintable(typo.err));
        const Run far = runCli({"presets", "--frobnicate"});
        QCOMPARE(far.code, 2);
        QVERIFY(far.err.contains("unknown option '--frobnicate'"));
        QVERIFY(!far.err.contains("did you mean"));
        QVERIFY(far.err.contains("attnscope help presets"));
        // A value that looks like an option is the option's value, not an unknown option.
        const Run negative = runCli({"mask", "causal", "--q-len", "4", "--q-offset", "-2"});
        QVERIFY2(!negative.err.contains("unknown option"), qPrintable(negative.err));
        QVERIFY(negative.err.contains("--q-offset must be a whole number"));
        QCOMPARE(CommandTable::nearestOption(*CommandTable::find("export"), "dip").value_or(""),
                 QString("dpi"));
        const Run noCommand = runCli({"help", "frobnicate"});
        QCOMPARE(noCommand.code, 2);
        QVERIFY(noCommand.err.contains("compute, mask"));
    }

    void manPageAndCompletionCarryEveryOption() {
        const Run man = runCli({"help", "--man"});
        QCOMPARE(man.code, 0);
        QVERIFY(man.out.startsWith(".TH ATTNSCOPE 1"));
        const Run completion = runCli({"help", "--bash-completion"});
        QCOMPARE(completion.code, 0);
        QVERIFY(completion.out.contains("complete -F _attnscope attnscope"));
        for (const CommandSpec& c : CommandTable::commands()) {
            QVERIFY(man.out.contains(".SS \"attnscope " + c.name + "\""));
            const QString line =
                completion.out.section("        " + c.name + ") ", 1, 1).section('\n', 0, 0);
            QVERIFY2(!line.isEmpty(), qPrintable(c.name));
            for (const QCommandLineOption& o : c.options()) {
                QString roff = "--" + o.names().constFirst();
                roff.replace("-", "\\-");
                QVERIFY2(man.out.contains(".B " + roff), qPrintable(roff));
                QVERIFY(line.contains("--" + o.names().constFirst() + " ") ||
                        line.contains("--" + o.names().constFirst() + "\""));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestHelp)
#include "tst_help.moc"
