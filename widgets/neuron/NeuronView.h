#pragma once
// NeuronView (SPEC §6 neuron view; BertViz's neuron view): for one query and one key of the
// current layer and head, a bar per dimension of q, of k and of q ⊙ k, then the chain that turns
// them into attention: q · k, the scaled score, the soft-capped score, whether the mask allows the
// pair, and the softmax weight the engine computed.

#include <QStringList>
#include <vector>

#include "widgets/views/PlotView.h"

class QComboBox;

namespace attnscope {

class NeuronView : public PlotView {
    Q_OBJECT
public:
    explicit NeuronView(QWidget* parent = nullptr);
    QString viewTitle() const override { return tr("Neuron"); }
    QString figureName() const override;
    QSize figureSize() const override { return {1100, 820}; }
    ViewPreparer preparer(const TracePtr& trace, const ViewOptions& options) const override;

    /// The query and key shown (−1: the defaults, the last query and the first key).
    void setPair(int query, int key);
    int query() const;
    int key() const;

    /// What was drawn.
    struct Chain {
        std::vector<double> q, k, product;
        double dot = 0, scaled = 0, capped = 0, weight = 0;
        bool allowed = true, softCapped = false;
        int head = 0, kvHead = 0;
    };
    const Chain& chain() const { return m_chain; }
    QString title() const;
    QString chainText() const;

protected:
    void redraw() override;

private:
    void rebuild();
    void fillPairBoxes();

    int m_query = -1, m_key = -1;
    Chain m_chain;
    QComboBox* m_queryBox;
    QComboBox* m_keyBox;
};

}  // namespace attnscope
