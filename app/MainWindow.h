#pragma once
// MainWindow: docks and actions only. Owns the Engine; the preset and value-kind controls edit
// the scenario and view options, and the views follow the engine's traces.

#include <QMainWindow>

#include "engine/Engine.h"

class QComboBox;
class QLabel;

namespace attnscope {

class HeatmapGridView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    bool openSession(const QString& path);

private:
    void loadPreset(const QString& name);
    void showTrace(TracePtr trace);

    Engine m_engine;
    HeatmapGridView* m_heads;
    QComboBox* m_presets;
    QComboBox* m_kind;
    QLabel* m_status;
};

}  // namespace attnscope
