// The mapping dialog of a tensor file without obvious roles: it lists every tensor with the
// name, dtype and shape the fixture script recorded, proposes TensorRoles::suggest, refuses to
// accept roles that do not fit (saying why, staying open), and accepts ones that do.

#include <QComboBox>
#include <QDialogButtonBox>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>

#include "TestSupport.h"
#include "core/io/TensorFile.h"
#include "widgets/io/TensorImportDialog.h"

using namespace attnscope;
using namespace attnscope::test;

class TestTensorImportDialog : public QObject {
    Q_OBJECT
private slots:
    void listsTheFilesTensors_data();
    void listsTheFilesTensors();
    void proposesTheSuggestedRoles();
    void refusesRolesThatDoNotFit();
};

void TestTensorImportDialog::listsTheFilesTensors_data() {
    QTest::addColumn<QString>("file");
    for (const char* f :
         {"dtypes.safetensors", "batched_attn.pt", "encoder_layer.safetensors", "qkv.safetensors"})
        QTest::newRow(f) << QString(f);
}

void TestTensorImportDialog::listsTheFilesTensors() {
    QFETCH(QString, file);
    auto opened = TensorFile::open(tf(file));
    QVERIFY2(opened, opened ? "" : opened.error().c_str());
    TensorImportDialog dialog(*opened);
    // What the fixture script recorded with NumPy / PyTorch when it wrote the file.
    QFile indexFile(tf("index.json"));
    QVERIFY(indexFile.open(QIODevice::ReadOnly));
    const QJsonArray expected =
        QJsonDocument::fromJson(indexFile.readAll())["files"][file].toArray();
    QVERIFY(!expected.isEmpty());
    QTableWidget* table = dialog.table();
    QCOMPARE(table->rowCount(), int(expected.size()));
    QStringList shown, recorded;
    for (int row = 0; row < table->rowCount(); ++row)
        shown << table->item(row, 0)->text() + " " + table->item(row, 1)->text() + " " +
                     table->item(row, 2)->text();
    for (const auto& v : expected) {
        const QJsonObject t = v.toObject();
        QStringList dims;
        for (const auto& d : t["shape"].toArray()) dims << QString::number(d.toInteger());
        recorded << t["name"].toString() + " " + t["dtype"].toString() + " [" + dims.join(", ") +
                        "]";
    }
    shown.sort();
    recorded.sort();
    QCOMPARE(shown, recorded);
}

void TestTensorImportDialog::proposesTheSuggestedRoles() {
    // [B, layers, H, Lq, Lk] probabilities: maps with a batch element to choose (0 or 1).
    auto file = TensorFile::open(tf("batched_attn.pt"));
    QVERIFY(file);
    TensorImportDialog dialog(*file);
    const TensorRoles suggested = TensorRoles::suggest(*file);
    const TensorRoles shown = dialog.roles();
    QVERIFY(shown.use == TensorRoles::Use::Maps);
    QCOMPARE(shown.maps, std::string("attn_probs"));
    QCOMPARE(shown.maps, suggested.maps);
    QVERIFY(shown.kind == suggested.kind);
    QSpinBox* batch = dialog.findChild<QSpinBox*>();
    QVERIFY(batch && batch->isEnabled());
    QCOMPARE(batch->maximum(), 1);
    // Q/K/V need rank 3 or 4: a file of one 5-D tensor offers none.
    QRadioButton* qkv = nullptr;
    for (QRadioButton* b : dialog.findChildren<QRadioButton*>())
        if (b->text().startsWith("Q, K and V")) qkv = b;
    QVERIFY(qkv && !qkv->isEnabled());
}

void TestTensorImportDialog::refusesRolesThatDoNotFit() {
    auto file = TensorFile::open(tf("qkv.safetensors"));
    QVERIFY(file);
    TensorImportDialog dialog(*file);
    QVERIFY(dialog.roles().use == TensorRoles::Use::Qkv);  // names q, k, v
    QCOMPARE(dialog.roles().q, std::string("q"));
    dialog.show();
    QPushButton* open = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Open);
    QVERIFY(open);

    // Vectors alone, with none chosen: the dialog says what is missing and stays open.
    TensorRoles bad;
    bad.use = TensorRoles::Use::Vectors;
    dialog.setRoles(bad);
    QTest::mouseClick(open, Qt::LeftButton);
    QVERIFY(dialog.isVisible());
    QVERIFY(dialog.result() != QDialog::Accepted);
    QLabel* problem = nullptr;
    for (QLabel* l : dialog.findChildren<QLabel*>())
        if (l->text().contains("choose a tensor for per-query-block vectors")) problem = l;
    QVERIFY2(problem, "no message naming the missing role");

    // Changing the roles clears the message; Q, K and V given: it accepts.
    TensorRoles good;
    good.use = TensorRoles::Use::Qkv;
    good.q = "q", good.k = "k", good.v = "v";
    dialog.setRoles(good);
    QVERIFY(problem->text().isEmpty());
    QTest::mouseClick(open, Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());
    QVERIFY(dialog.roles().check(*file));
}

QTEST_MAIN(TestTensorImportDialog)
#include "tst_tensorimportdialog.moc"
