<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>attnscope::AtlasView</name>
    <message>
        <source>layers × heads</source>
        <translation>层 × 头</translation>
    </message>
    <message>
        <source>ranked by metric</source>
        <translation>按指标排序</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>Heads whose metric is below this value are faded</source>
        <translation>指标低于此值的头淡化显示</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>排列</translation>
    </message>
    <message>
        <source>Fade &lt;</source>
        <translation>淡化 &lt;</translation>
    </message>
    <message>
        <source>Computing the atlas: layer %1 of %2…</source>
        <translation>正在计算图谱：第 %1 层，共 %2 层…</translation>
    </message>
    <message>
        <source>No atlas: %1</source>
        <translation>无法生成图谱：%1</translation>
    </message>
    <message>
        <source>%1 layers × %2 heads · %3 tokens</source>
        <translation>%1 层 × %2 个头 · %3 个词元</translation>
    </message>
    <message>
        <source>Atlas: %1 — %2</source>
        <translation>图谱：%1 — %2</translation>
    </message>
    <message>
        <source>Computing the atlas…</source>
        <translation>正在计算图谱…</translation>
    </message>
    <message>
        <source>maps: each head&apos;s probabilities, pooled, scaled to its maximum · badge: %1</source>
        <translation>小图：各头的注意力概率，经池化并按各自最大值缩放 · 角标：%1</translation>
    </message>
    <message>
        <source>Layer %1 · Head %2 — %3</source>
        <translation>第 %1 层 · 头 %2 — %3</translation>
    </message>
    <message>
        <source>Atlas</source>
        <translation>图谱</translation>
    </message>
</context>
<context>
    <name>attnscope::BackendMenu</name>
    <message>
        <source>&amp;Backend</source>
        <translation>后端(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Automatic (a GPU if there is one, else the CPU)</source>
        <translation>自动：有 GPU 时用 GPU，否则用 CPU(&amp;A)</translation>
    </message>
    <message>
        <source>No devices: %1</source>
        <translation>没有可用设备：%1</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
</context>
<context>
    <name>attnscope::DisplayMatrices</name>
    <message>
        <source>Attention Probability (pooled, max)</source>
        <translation>注意力概率（池化，取最大值）</translation>
    </message>
    <message>
        <source>Masked Attention Logits (pooled, mean)</source>
        <translation>掩码后的注意力对数几率（池化，均值）</translation>
    </message>
</context>
<context>
    <name>attnscope::DisplayPanel</name>
    <message>
        <source>Which attention values the maps show</source>
        <translation>热力图显示哪一种注意力值</translation>
    </message>
    <message>
        <source>Logits</source>
        <translation>对数几率</translation>
    </message>
    <message>
        <source>Probabilities</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>Masked logits</source>
        <translation>掩码后的对数几率</translation>
    </message>
    <message>
        <source>Colour map: diverging RdBu_r, the 9-colour diverging palette, or sequential (probabilities)</source>
        <translation>颜色映射：发散型 RdBu_r、9 色发散调色板，或顺序型（适合概率）</translation>
    </message>
    <message>
        <source>RdBu_r</source>
        <translation>RdBu_r</translation>
    </message>
    <message>
        <source>9-colour palette</source>
        <translation>9 色调色板</translation>
    </message>
    <message>
        <source>Sequential</source>
        <translation>顺序型</translation>
    </message>
    <message>
        <source>Symmetric range</source>
        <translation>对称范围</translation>
    </message>
    <message>
        <source>Colour range −max|v| … +max|v|: centred on zero, shared by all heads</source>
        <translation>颜色范围 −max|v| … +max|v|：以零为中心，所有头共用</translation>
    </message>
    <message>
        <source>Query 0 at the bottom</source>
        <translation>查询 0 在底部</translation>
    </message>
    <message>
        <source>Origin lower, as matplotlib&apos;s origin=&quot;lower&quot;</source>
        <translation>原点在下方，同 matplotlib 的 origin=&quot;lower&quot;</translation>
    </message>
    <message>
        <source>Pool tokens into frames of this size (0: tokens)</source>
        <translation>按此大小把词元池化成帧（0：按词元显示）</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>all rows</source>
        <translation>全部行</translation>
    </message>
    <message>
        <source>Query rows (frames when frames are on) averaged by the sink views: &quot;16-18&quot; or &quot;16, 17, 18&quot;; empty: all rows</source>
        <translation>汇聚视图取平均的查询行（启用帧时为帧）：&quot;16-18&quot; 或 &quot;16, 17, 18&quot;；留空：全部行</translation>
    </message>
    <message>
        <source>Sampled mask display</source>
        <translation>采样显示掩码</translation>
    </message>
    <message>
        <source>The mask view shows a smart sample of the positions (segment edges, generation start) instead of every one</source>
        <translation>掩码视图只显示智能采样的位置（段边界、生成起点），而不是每个位置</translation>
    </message>
    <message>
        <source>Positions the sampled mask display keeps</source>
        <translation>采样显示保留的位置数</translation>
    </message>
    <message>
        <source>How the tokens of a frame are combined</source>
        <translation>一帧内各词元的合并方式</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>平均值</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>sum</source>
        <translation>求和</translation>
    </message>
    <message>
        <source>How cells are combined when a long sequence is shown at reduced resolution</source>
        <translation>长序列以较低分辨率显示时单元格的合并方式</translation>
    </message>
    <message>
        <source>Batch element shown</source>
        <translation>显示的批次元素</translation>
    </message>
    <message>
        <source>Head shown by the inspector and the enlarged map</source>
        <translation>步骤检查器和放大图显示的头</translation>
    </message>
    <message>
        <source>Columns of the heatmap and sink grids</source>
        <translation>热力图网格和汇聚网格的列数</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Colormap</source>
        <translation>颜色映射</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>帧</translation>
    </message>
    <message>
        <source>Tokens per frame</source>
        <translation>每帧词元数</translation>
    </message>
    <message>
        <source>Query selection</source>
        <translation>查询选择</translation>
    </message>
    <message>
        <source>Frame pooling</source>
        <translation>帧池化</translation>
    </message>
    <message>
        <source>Detail pooling</source>
        <translation>细节池化</translation>
    </message>
    <message>
        <source>Sampled positions</source>
        <translation>采样位置数</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>布局</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>头</translation>
    </message>
    <message>
        <source>Grid columns</source>
        <translation>网格列数</translation>
    </message>
    <message>
        <source>Width of the flowchart boxes (figure pixels)</source>
        <translation>流程图方框的宽度（图像像素）</translation>
    </message>
    <message>
        <source>Height of the flowchart boxes</source>
        <translation>流程图方框的高度</translation>
    </message>
    <message>
        <source>Vertical gap between flowchart boxes</source>
        <translation>流程图方框之间的垂直间距</translation>
    </message>
    <message>
        <source>Flowchart</source>
        <translation>流程图</translation>
    </message>
    <message>
        <source>Box width</source>
        <translation>方框宽度</translation>
    </message>
    <message>
        <source>Box height</source>
        <translation>方框高度</translation>
    </message>
    <message>
        <source>Spacing</source>
        <translation>间距</translation>
    </message>
    <message>
        <source>display option</source>
        <translation>显示选项</translation>
    </message>
</context>
<context>
    <name>attnscope::FigureExporter</name>
    <message>
        <source>%1: cannot write: %2</source>
        <translation>%1：无法写入：%2</translation>
    </message>
    <message>
        <source>%1: write failed: %2</source>
        <translation>%1：写入失败：%2</translation>
    </message>
    <message>
        <source>%1: %2 is a 3D figure and exports as PNG only</source>
        <translation>%1：%2 是三维图，只能导出为 PNG</translation>
    </message>
    <message>
        <source>dpi must be between 10 and 2400</source>
        <translation>dpi 必须在 10 到 2400 之间</translation>
    </message>
    <message>
        <source>%1: image too large for %2 dpi</source>
        <translation>%1：在 %2 dpi 下图像过大</translation>
    </message>
    <message>
        <source>%1: PNG encoding failed</source>
        <translation>%1：PNG 编码失败</translation>
    </message>
    <message>
        <source>%1: cannot create the folder</source>
        <translation>%1：无法创建文件夹</translation>
    </message>
</context>
<context>
    <name>attnscope::FlowchartView</name>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Processing</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Paraphrase Pipeline</source>
        <translation>复述流水线</translation>
    </message>
    <message>
        <source>Attention Computation</source>
        <translation>注意力计算</translation>
    </message>
    <message>
        <source>%1: %2, layer %3</source>
        <translation>%1：%2，第 %3 层</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <extracomment>A flow&apos;s title and the scenario&apos;s name.</extracomment>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Layer %1 input
hidden states h [%2, %3]</source>
        <translation>第 %1 层输入
隐藏状态 h [%2, %3]</translation>
    </message>
    <message>
        <source>Input
X %1</source>
        <translation>输入
X %1</translation>
    </message>
    <message>
        <source>Input (queries)
X %1</source>
        <translation>输入（查询）
X %1</translation>
    </message>
    <message>
        <source>Input (keys, values)
X_kv %1</source>
        <translation>输入（键、值）
X_kv %1</translation>
    </message>
    <message>
        <source>Layer %1: norm, W_q, W_k, W_v, rotary embedding
%2 heads / %3 kv heads · d_head %4</source>
        <translation>第 %1 层：归一化、W_q、W_k、W_v、旋转位置编码
%2 个头 / %3 个 kv 头 · d_head %4</translation>
    </message>
    <message>
        <source>Projections W_q, W_k, W_v
W_q %1 · W_k %2 · W_v %3</source>
        <translation>投影 W_q、W_k、W_v
W_q %1 · W_k %2 · W_v %3</translation>
    </message>
    <message>
        <source>Queries
Q %1</source>
        <translation>查询
Q %1</translation>
    </message>
    <message>
        <source>Keys
K %1</source>
        <translation>键
K %1</translation>
    </message>
    <message>
        <source>Values
V %1</source>
        <translation>值
V %1</translation>
    </message>
    <message>
        <source>[%1, %2, %3, %4] pooled</source>
        <translation>[%1, %2, %3, %4] 池化</translation>
    </message>
    <message>
        <source>Q·Kᵀ
S %1</source>
        <translation>Q·Kᵀ
S %1</translation>
    </message>
    <message>
        <source>Scale × %1 (1/√d_head)
S · scale %2</source>
        <translation>缩放 × %1（1/√d_head）
S · scale %2</translation>
    </message>
    <message>
        <source>Apply mask (−∞ where masked)
S′ %1</source>
        <translation>应用掩码（被掩码处为 −∞）
S′ %1</translation>
    </message>
    <message>
        <source>evaluated per row block</source>
        <translation>按行块求值</translation>
    </message>
    <message>
        <source>Mask: %1
M %2</source>
        <translation>掩码：%1
M %2</translation>
    </message>
    <message>
        <source>Softmax (row-wise)
P %1</source>
        <translation>Softmax（按行）
P %1</translation>
    </message>
    <message>
        <source>Weighted sum × V
C = P·V %1</source>
        <translation>对 V 加权求和
C = P·V %1</translation>
    </message>
    <message>
        <source>not computed (pooled path)</source>
        <translation>未计算（池化路径）</translation>
    </message>
    <message>
        <source>Concat heads
concat_h(C) %1</source>
        <translation>拼接各头
concat_h(C) %1</translation>
    </message>
    <message>
        <source>Output projection
W_o %1</source>
        <translation>输出投影
W_o %1</translation>
    </message>
    <message>
        <source>Output
O %1</source>
        <translation>输出
O %1</translation>
    </message>
    <message>
        <source>Input preparation
%1 paraphrases × %2 positions</source>
        <translation>输入准备
%1 条复述 × %2 个位置</translation>
    </message>
    <message>
        <source>Concatenation with position tracking
%1 positions, segment starts %2</source>
        <translation>拼接并跟踪位置
%1 个位置，各段起点 %2</translation>
    </message>
    <message>
        <source>Mask creation
%1 → M [%2, %3, %4]</source>
        <translation>创建掩码
%1 → M [%2, %3, %4]</translation>
    </message>
    <message>
        <source>Model patching
every attention layer uses the mask</source>
        <translation>修补模型
每个注意力层都使用该掩码</translation>
    </message>
    <message>
        <source>Segment-isolated encoding
positions 0–%1 attend within their segment</source>
        <translation>分段隔离编码
位置 0–%1 只在本段内计算注意力</translation>
    </message>
    <message>
        <source>Fusion generation loop
%1 tokens from position %2 see all segments</source>
        <translation>融合生成循环
从位置 %2 起的 %1 个词元可见所有段</translation>
    </message>
    <message>
        <source>Decoding
generated ids → text</source>
        <translation>解码
生成的 id → 文本</translation>
    </message>
    <message>
        <source>Flowchart</source>
        <translation>流程图</translation>
    </message>
</context>
<context>
    <name>attnscope::GraphFigure</name>
    <message>
        <source>The 3D graph could not be rendered at this size; try a lower dpi.</source>
        <translation>无法以此尺寸渲染三维图；请尝试较低的 dpi。</translation>
    </message>
</context>
<context>
    <name>attnscope::HeadMetric</name>
    <message>
        <source>sink score</source>
        <translation>汇聚分数</translation>
    </message>
    <message>
        <source>first-token mass</source>
        <translation>首词元概率质量</translation>
    </message>
    <message>
        <source>entropy</source>
        <translation>熵</translation>
    </message>
    <message>
        <source>mean distance</source>
        <translation>平均距离</translation>
    </message>
    <message>
        <source>diagonal</source>
        <translation>对角线</translation>
    </message>
    <message>
        <source>previous token</source>
        <translation>前一词元</translation>
    </message>
</context>
<context>
    <name>attnscope::HeatmapGridView</name>
    <message>
        <source>Reset zoom</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <source>Show the whole map again (Home)</source>
        <translation>重新显示整张图（Home）</translation>
    </message>
    <message>
        <source>Layer %1: Head %2</source>
        <translation>第 %1 层：头 %2</translation>
    </message>
    <message>
        <source>Layer %1: 2D Attention Maps (All Heads)</source>
        <translation>第 %1 层：二维注意力图（全部头）</translation>
    </message>
    <message>
        <source>■ masked</source>
        <translation>■ 被掩码</translation>
    </message>
    <message>
        <source>Key Frame</source>
        <translation>键侧帧</translation>
    </message>
    <message>
        <source>Key Token</source>
        <translation>键词元</translation>
    </message>
    <message>
        <source>Query Frame</source>
        <translation>查询侧帧</translation>
    </message>
    <message>
        <source>Query Token</source>
        <translation>查询词元</translation>
    </message>
    <message>
        <source>Head %1</source>
        <translation>头 %1</translation>
    </message>
    <message>
        <source>Head %1 · query frame %2 · key frame %3 · %4</source>
        <translation>头 %1 · 查询侧帧 %2 · 键侧帧 %3 · %4</translation>
    </message>
    <message>
        <source>Head %1 · q %2 (%3) · k %4 (%5) · %6</source>
        <translation>头 %1 · 查询 %2（%3）· 键 %4（%5）· %6</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>头</translation>
    </message>
    <message>
        <source>Heads</source>
        <translation>各头</translation>
    </message>
</context>
<context>
    <name>attnscope::MainWindow</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%1[*] — AttnScope</source>
        <translation>%1[*] — AttnScope</translation>
    </message>
    <message>
        <source>computing %p%</source>
        <extracomment>%p% is the percentage QProgressBar fills in: keep it.</extracomment>
        <translation>计算中 %p%</translation>
    </message>
    <message>
        <source>Computation cancelled</source>
        <translation>已取消计算</translation>
    </message>
    <message>
        <source>Open attention maps</source>
        <translation>打开注意力图</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>第 %1 层</translation>
    </message>
    <message>
        <source>Open Q/K/V</source>
        <translation>打开 Q/K/V</translation>
    </message>
    <message>
        <source>Not opened: %1</source>
        <translation>未能打开：%1</translation>
    </message>
    <message>
        <source>Open tensor file</source>
        <translation>打开张量文件</translation>
    </message>
    <message>
        <source>Loading the model %1…</source>
        <translation>正在加载模型 %1…</translation>
    </message>
    <message>
        <source>Opening the model cancelled: nothing changed</source>
        <translation>已取消打开模型：没有任何更改</translation>
    </message>
    <message>
        <source>Running %1…</source>
        <translation>正在运行 %1…</translation>
    </message>
    <message>
        <source>Open model %1</source>
        <translation>打开模型 %1</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>Layer %1 · Head %2</source>
        <translation>第 %1 层 · 头 %2</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>场景</translation>
    </message>
    <message>
        <source>Mask</source>
        <translation>掩码</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;Open session…</source>
        <translation>打开会话(&amp;O)…</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>AttnScope sessions (*.attnscope.json *.json)</source>
        <translation>AttnScope 会话 (*.attnscope.json *.json)</translation>
    </message>
    <message>
        <source>&amp;Save session</source>
        <translation>保存会话(&amp;S)</translation>
    </message>
    <message>
        <source>Save session &amp;as…</source>
        <translation>会话另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Open &amp;tensor file…</source>
        <translation>打开张量文件(&amp;T)…</translation>
    </message>
    <message>
        <source>Tensor files (*.npy *.npz *.safetensors *.pt *.pth *.bin *.ckpt);;All files (*)</source>
        <translation>张量文件 (*.npy *.npz *.safetensors *.pt *.pth *.bin *.ckpt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open &amp;model…</source>
        <translation>打开模型(&amp;M)…</translation>
    </message>
    <message>
        <source>Open model: a Hugging Face folder or a .gguf file</source>
        <translation>打开模型：Hugging Face 文件夹或 .gguf 文件</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>%1 is not a model: a Hugging Face folder with config.json, or a .gguf file</source>
        <translation>%1 不是模型：应为含 config.json 的 Hugging Face 文件夹，或 .gguf 文件</translation>
    </message>
    <message>
        <source>Models on this &amp;machine</source>
        <translation>本机上的模型(&amp;M)</translation>
    </message>
    <message>
        <source>None found (scripts/fetch-demo-models.sh fetches the demo models)</source>
        <translation>未找到（scripts/fetch-demo-models.sh 可下载演示模型）</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Export view…</source>
        <translation>导出视图(&amp;E)…</translation>
    </message>
    <message>
        <source>Export &amp;all…</source>
        <translation>全部导出(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Undo %1</source>
        <translation>撤销：%1</translation>
    </message>
    <message>
        <source>Redo %1</source>
        <translation>重做：%1</translation>
    </message>
    <message>
        <source>&amp;Presets</source>
        <translation>预设(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Steps</source>
        <translation>步骤(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Previous step</source>
        <translation>上一步(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Next step</source>
        <translation>下一步(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Compute</source>
        <translation>计算(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Recompute</source>
        <translation>重新计算(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Preparing %1…</source>
        <translation>正在准备 %1…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Previous &amp;layer</source>
        <translation>上一层(&amp;L)</translation>
    </message>
    <message>
        <source>Next l&amp;ayer</source>
        <translation>下一层(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Mask language</source>
        <translation>掩码语言(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;About AttnScope</source>
        <translation>关于 AttnScope(&amp;A)</translation>
    </message>
    <message>
        <source>About AttnScope</source>
        <translation>关于 AttnScope</translation>
    </message>
    <message>
        <source>AttnScope %1
See how transformer attention works and what it does.</source>
        <translation>AttnScope %1
看清 Transformer 注意力如何计算、起什么作用。</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言 / Language(&amp;L)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The language changes when AttnScope starts again.</source>
        <translation>界面语言将在 AttnScope 下次启动时切换。</translation>
    </message>
    <message>
        <source>Pooled path, L = %1 × %2: %3</source>
        <translation>池化路径，L = %1 × %2：%3</translation>
    </message>
    <message>
        <source>pooled · %1 threads</source>
        <translation>池化 · %1 个线程</translation>
    </message>
    <message>
        <source>filling %1%</source>
        <translation>填充中 %1%</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 — %2% of the rows done</source>
        <translation>%1 — 已完成 %2% 的行</translation>
    </message>
    <message>
        <source>scores %1 · mask %2 · softmax %3 · context %4 ms</source>
        <translation>分数 %1 · 掩码 %2 · softmax %3 · 上下文 %4 ms</translation>
    </message>
    <message>
        <source>Not computed: %1</source>
        <translation>未能计算：%1</translation>
    </message>
    <message>
        <source>this session</source>
        <translation>此会话</translation>
    </message>
    <message>
        <source>&quot;%1&quot;</source>
        <comment>a file name in quotes</comment>
        <translation>“%1”</translation>
    </message>
    <message>
        <source>Save the changes to %1 before you %2?</source>
        <translation>要在%2之前保存对%1的更改吗？</translation>
    </message>
    <message>
        <source>Your edits since it was last saved are lost otherwise.</source>
        <translation>否则，自上次保存以来的编辑都会丢失。</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Mask language&lt;/h3&gt;&lt;p&gt;A mask expression combines atoms with &lt;b&gt;&amp;amp;&lt;/b&gt; (both allow), &lt;b&gt;|&lt;/b&gt; (either allows), &lt;b&gt;!&lt;/b&gt; (not) and parentheses. A query may attend a key where the expression is true.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;掩码语言&lt;/h3&gt;&lt;p&gt;掩码表达式用 &lt;b&gt;&amp;amp;&lt;/b&gt;（两者都允许）、&lt;b&gt;|&lt;/b&gt;（任一允许）、&lt;b&gt;!&lt;/b&gt;（取反）和括号组合原子。表达式为真时，查询可以关注对应的键。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>atom</source>
        <translation>原子</translation>
    </message>
    <message>
        <source>allows</source>
        <translation>允许</translation>
    </message>
    <message>
        <source>example</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>Examples from the presets</source>
        <translation>预设中的示例</translation>
    </message>
    <message>
        <source>&lt;p&gt;Positions are absolute: query i sits at q_offset + i, key j at kv_offset + j. Spaces are ignored; an error names the column.&lt;/p&gt;</source>
        <translation>&lt;p&gt;位置均为绝对位置：查询 i 位于 q_offset + i，键 j 位于 kv_offset + j。空格会被忽略；出错时会指出所在列。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Mask language</source>
        <translation>掩码语言</translation>
    </message>
    <message>
        <source>Preset %1</source>
        <translation>预设 %1</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>AttnScope sessions (*.attnscope.json)</source>
        <translation>AttnScope 会话 (*.attnscope.json)</translation>
    </message>
    <message>
        <source>Export view</source>
        <translation>导出视图</translation>
    </message>
    <message>
        <source>SVG (*.svg);;PNG (*.png)</source>
        <translation>SVG 矢量图 (*.svg);;PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>PNG resolution (dpi):</source>
        <translation>PNG 分辨率（dpi）：</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <source>Export all figures into</source>
        <translation>将所有图导出到</translation>
    </message>
    <message>
        <source>Export all</source>
        <translation>全部导出</translation>
    </message>
    <message>
        <source>Exporting every figure at %1 dpi…</source>
        <translation>正在以 %1 dpi 导出所有图…</translation>
    </message>
    <message>
        <source>Exported %1 files at %2 dpi to %3%4</source>
        <translation>已以 %2 dpi 导出 %1 个文件到 %3%4</translation>
    </message>
    <message>
        <source> (skipped: %1)</source>
        <translation>（已跳过：%1）</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>attnscope::MaskAtom</name>
    <message>
        <source>every query sees every key</source>
        <translation>每个查询都能看到每个键</translation>
    </message>
    <message>
        <source>keys at or before the query: kv ≤ q</source>
        <translation>查询位置及其之前的键：kv ≤ q</translation>
    </message>
    <message>
        <source>causal sliding window: the query and the W − 1 keys before it</source>
        <translation>因果滑动窗口：查询本身及其之前的 W − 1 个键</translation>
    </message>
    <message>
        <source>bidirectional band: |q − kv| ≤ W</source>
        <translation>双向带状：|q − kv| ≤ W</translation>
    </message>
    <message>
        <source>same chunk of C positions (chunks start at P)</source>
        <translation>位于同一个长为 C 的块内（块从 P 开始）</translation>
    </message>
    <message>
        <source>the first P keys are visible to every query</source>
        <translation>前 P 个键对每个查询都可见</translation>
    </message>
    <message>
        <source>packed documents of consecutive lengths (summing to Lk): attend within one</source>
        <translation>按给定长度依次打包的文档（长度之和为 Lk）：只在同一文档内关注</translation>
    </message>
    <message>
        <source>HF blockwise overlay: one block id per position, attend within a block</source>
        <translation>HF 分块叠加：每个位置一个块 id，只在同一块内关注</translation>
    </message>
    <message>
        <source>right key padding: keys at positions &lt; N are real (one N per batch element)</source>
        <translation>右侧键填充：位置 &lt; N 的键为真实词元（每个批次元素一个 N）</translation>
    </message>
    <message>
        <source>left key padding: keys at positions ≥ Lk − N are real (one N per batch element)</source>
        <translation>左侧键填充：位置 ≥ Lk − N 的键为真实词元（每个批次元素一个 N）</translation>
    </message>
    <message>
        <source>causal dilated window: every D-th key within W steps</source>
        <translation>因果空洞窗口：W 步之内每隔 D 个取一个键</translation>
    </message>
    <message>
        <source>n paraphrases of t tokens and s separators, then g generated tokens</source>
        <translation>n 条复述，每条 t 个词元加 s 个分隔符，随后是 g 个生成的词元</translation>
    </message>
</context>
<context>
    <name>attnscope::MaskMatrixView</name>
    <message>
        <source>Attention Mask: %1</source>
        <translation>注意力掩码：%1</translation>
    </message>
    <message>
        <source>full
  %1 × %2</source>
        <translation>完整
  %1 × %2</translation>
    </message>
    <message>
        <source>sampled
  %1 × %2 of %3 × %4</source>
        <translation>采样
  %1 × %2（共 %3 × %4）</translation>
    </message>
    <message>
        <source>pooled (any allowed)
  %1 × %2</source>
        <translation>池化（任一允许即允许）
  %1 × %2</translation>
    </message>
    <message>
        <source>Mask properties (batch %1)</source>
        <translation>掩码属性（批次 %1）</translation>
    </message>
    <message>
        <source>density: %1 %</source>
        <translation>密度：%1 %</translation>
    </message>
    <message>
        <source>allowed pairs: %1 of %2</source>
        <translation>允许的对：%1 / %2</translation>
    </message>
    <message>
        <source>causal violations: %1</source>
        <translation>违反因果：%1</translation>
    </message>
    <message>
        <source>causal violations: n/a
  (two sequences)</source>
        <translation>违反因果：不适用
  （两个序列）</translation>
    </message>
    <message>
        <source>cross-segment pairs</source>
        <translation>跨段的对</translation>
    </message>
    <message>
        <source>  while encoding: %1</source>
        <translation>  编码阶段：%1</translation>
    </message>
    <message>
        <source>empty rows: %1</source>
        <translation>空行：%1</translation>
    </message>
    <message>
        <source>keys per query: %1 – %2</source>
        <translation>每个查询的键数：%1 – %2</translation>
    </message>
    <message>
        <source>display: %1</source>
        <translation>显示：%1</translation>
    </message>
    <message>
        <source>Can attend</source>
        <translation>可关注</translation>
    </message>
    <message>
        <source>Cannot attend</source>
        <translation>不可关注</translation>
    </message>
    <message>
        <source>Segment boundary</source>
        <translation>段边界</translation>
    </message>
    <message>
        <source>Generation start</source>
        <translation>生成起点</translation>
    </message>
    <message>
        <source>Key Position</source>
        <translation>键位置</translation>
    </message>
    <message>
        <source>Query Position</source>
        <translation>查询位置</translation>
    </message>
    <message>
        <source>Mask</source>
        <translation>掩码</translation>
    </message>
</context>
<context>
    <name>attnscope::MaskPanel</name>
    <message>
        <source>Both masks allow the pair (and)</source>
        <translation>两个掩码都允许该对（与）</translation>
    </message>
    <message>
        <source>Either mask allows the pair (or)</source>
        <translation>任一掩码允许该对（或）</translation>
    </message>
    <message>
        <source>Not: the pairs the mask forbids</source>
        <translation>取反：掩码禁止的对</translation>
    </message>
    <message>
        <source>Group a sub-expression</source>
        <translation>把子表达式括成一组</translation>
    </message>
    <message>
        <source>Mask expression: atoms combined with &amp; (and), | (or), ! (not) and parentheses, e.g. causal &amp; (window(4) | prefix(2))</source>
        <translation>掩码表达式：用 &amp;（与）、|（或）、!（非）和括号组合原子，例如 causal &amp; (window(4) | prefix(2))</translation>
    </message>
    <message>
        <source>Whether the expression is valid for the scenario&apos;s shape</source>
        <translation>表达式对当前场景的形状是否有效</translation>
    </message>
    <message>
        <source>Start from a preset scenario (an edit: Undo brings back what was there)</source>
        <translation>从预设场景开始（这是一次编辑：撤销可恢复原来的内容）</translation>
    </message>
    <message>
        <source>Load a preset…</source>
        <translation>加载预设…</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Mask expression</source>
        <translation>掩码表达式</translation>
    </message>
    <message>
        <source>✓ the model&apos;s own mask, per layer; type one to replace it</source>
        <translation>✓ 使用模型自身的逐层掩码；输入表达式即可替换</translation>
    </message>
    <message>
        <source>✗ %1</source>
        <translation>✗ %1</translation>
    </message>
    <message>
        <source>✓ valid — density %1%2</source>
        <translation>✓ 有效 — 密度 %1%2</translation>
    </message>
    <message>
        <source>Edit mask</source>
        <translation>编辑掩码</translation>
    </message>
    <message>
        <source>the model&apos;s own mask (e.g. causal &amp; window(4096))</source>
        <translation>模型自身的掩码（例如 causal &amp; window(4096)）</translation>
    </message>
</context>
<context>
    <name>attnscope::NeuronView</name>
    <message>
        <source>Query</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Head: the Display dock&apos;s</source>
        <translation>头：取自“显示”面板</translation>
    </message>
    <message>
        <source>Layer %1 · Head %2: query %3 &apos;%4&apos; → key %5 &apos;%6&apos;</source>
        <translation>第 %1 层 · 头 %2：查询 %3“%4” → 键 %5“%6”</translation>
    </message>
    <message>
        <source>q · k = %1   →   × scale %2 = %3</source>
        <translation>q · k = %1   →   × 缩放 %2 = %3</translation>
    </message>
    <message>
        <source>   →   soft-cap c·tanh(s/c) = %1</source>
        <translation>   →   软上限 c·tanh(s/c) = %1</translation>
    </message>
    <message>
        <source>   →   softmax weight %1</source>
        <translation>   →   softmax 权重 %1</translation>
    </message>
    <message>
        <source>   →   masked: weight 0</source>
        <translation>   →   被掩码：权重 0</translation>
    </message>
    <message>
        <source>This source has no Q and K to look into</source>
        <translation>此数据源没有可查看的 Q 和 K</translation>
    </message>
    <message>
        <source>q (query vector, after RoPE)</source>
        <translation>q（查询向量，经 RoPE 之后）</translation>
    </message>
    <message>
        <source>k (key vector)</source>
        <translation>k（键向量）</translation>
    </message>
    <message>
        <source>q ⊙ k (their sum is q · k)</source>
        <translation>q ⊙ k（各分量之和即 q · k）</translation>
    </message>
    <message>
        <source>Dimension</source>
        <translation>维度</translation>
    </message>
    <message>
        <source>Neuron</source>
        <translation>神经元</translation>
    </message>
</context>
<context>
    <name>attnscope::OpenGlProbe</name>
    <message>
        <source>3D figures need OpenGL, which is not available on Qt&apos;s &apos;%1&apos; platform. Run with a display, or headless under a virtual X server: xvfb-run -a attnscope … (Mesa&apos;s software renderer, package libgl1-mesa-dri).</source>
        <translation>三维图需要 OpenGL，而 Qt 的“%1”平台不提供 OpenGL。请在有显示器的环境中运行，或在虚拟 X 服务器下无界面运行：xvfb-run -a attnscope …（使用 Mesa 软件渲染器，软件包 libgl1-mesa-dri）。</translation>
    </message>
    <message>
        <source> (no OpenGL context could be made)</source>
        <translation>（无法创建 OpenGL 上下文）</translation>
    </message>
    <message>
        <source> (the OpenGL context cannot be made current)</source>
        <translation>（无法激活 OpenGL 上下文）</translation>
    </message>
</context>
<context>
    <name>attnscope::PatternKind</name>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>local</source>
        <translation>局部</translation>
    </message>
    <message>
        <source>global</source>
        <translation>全局</translation>
    </message>
    <message>
        <source>translation</source>
        <translation>翻译</translation>
    </message>
</context>
<context>
    <name>attnscope::Preset</name>
    <message>
        <source>3 paraphrases × 15 tokens, segment-isolated encoding then fusion generation of 5 tokens</source>
        <translation>3 条复述 × 15 个词元，先分段隔离编码，再融合生成 5 个词元</translation>
    </message>
    <message>
        <source>5 paraphrases × 25 tokens, segment-isolated encoding then fusion generation of 8 tokens</source>
        <translation>5 条复述 × 25 个词元，先分段隔离编码，再融合生成 8 个词元</translation>
    </message>
    <message>
        <source>5 paraphrases × 50 tokens, segment-isolated encoding then fusion generation of 10 tokens</source>
        <translation>5 条复述 × 50 个词元，先分段隔离编码，再融合生成 10 个词元</translation>
    </message>
    <message>
        <source>local attention: queries favour nearby keys</source>
        <translation>局部注意力：查询偏向附近的键</translation>
    </message>
    <message>
        <source>global attention: every query attends to a few salient keys</source>
        <translation>全局注意力：每个查询都关注少数显著的键</translation>
    </message>
    <message>
        <source>translation-like cross-attention: target tokens align with source tokens</source>
        <translation>类翻译的交叉注意力：目标词元与源词元对齐</translation>
    </message>
    <message>
        <source>encoder self-attention: bidirectional, every pair allowed</source>
        <translation>编码器自注意力：双向，所有对都允许</translation>
    </message>
    <message>
        <source>decoder masked self-attention: each token sees itself and the past</source>
        <translation>解码器掩码自注意力：每个词元只看到自身和之前的词元</translation>
    </message>
    <message>
        <source>decoder cross-attention: decoder queries over encoder keys and values</source>
        <translation>解码器交叉注意力：解码器的查询作用于编码器的键和值</translation>
    </message>
    <message>
        <source>Hugging Face causal mask (create_causal_mask)</source>
        <translation>Hugging Face 因果掩码（create_causal_mask）</translation>
    </message>
    <message>
        <source>Hugging Face sliding-window causal mask, window 3 (keys incl. itself)</source>
        <translation>Hugging Face 滑动窗口因果掩码，窗口为 3（含自身在内的键）</translation>
    </message>
    <message>
        <source>Hugging Face chunked causal mask, chunk size 3</source>
        <translation>Hugging Face 分块因果掩码，块大小为 3</translation>
    </message>
    <message>
        <source>StreamingLLM: causal window of 16 keys plus 4 attention-sink positions</source>
        <translation>StreamingLLM：16 个键的因果窗口，外加 4 个注意力汇聚位置</translation>
    </message>
    <message>
        <source>video model layer: 19 frames × 16 tokens, frame-causal, first-frame sinks</source>
        <translation>视频模型层：19 帧 × 16 个词元，帧级因果，首帧为注意力汇聚</translation>
    </message>
</context>
<context>
    <name>attnscope::ScenarioPanel</name>
    <message>
        <source>Source</source>
        <translation>数据源</translation>
    </message>
    <message>
        <source>Pattern the synthetic generator plants in W_q / W_k</source>
        <translation>合成生成器在 W_q / W_k 中植入的模式</translation>
    </message>
    <message>
        <source>pattern</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Pattern</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Random seed of the synthetic Q/K/V</source>
        <translation>合成 Q/K/V 的随机种子</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Query heads with a planted attention sink on the first position, e.g. &quot;0, 4, 6&quot;</source>
        <translation>在首个位置植入注意力汇聚的查询头，例如 &quot;0, 4, 6&quot;</translation>
    </message>
    <message>
        <source>sink heads: write head indices separated by commas, e.g. 0, 4, 6</source>
        <translation>汇聚头：请填写以逗号分隔的头序号，例如 0, 4, 6</translation>
    </message>
    <message>
        <source>sink heads</source>
        <translation>汇聚头</translation>
    </message>
    <message>
        <source>Sink heads</source>
        <translation>汇聚头</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>The text the model runs on; it runs again when you stop typing</source>
        <translation>模型运行所用的文本；停止输入后会重新运行</translation>
    </message>
    <message>
        <source>the text is empty: the model needs at least one token</source>
        <translation>文本为空：模型至少需要一个词元</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>Batch size B</source>
        <translation>批大小 B</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Query heads H (a multiple of the kv heads)</source>
        <translation>查询头数 H（须为 kv 头数的倍数）</translation>
    </message>
    <message>
        <source>heads</source>
        <translation>头数</translation>
    </message>
    <message>
        <source>Key/value heads (grouped-query attention when fewer than heads)</source>
        <translation>键/值头数（少于查询头数时即为分组查询注意力）</translation>
    </message>
    <message>
        <source>kv heads</source>
        <translation>kv 头数</translation>
    </message>
    <message>
        <source>Query length Lq</source>
        <translation>查询长度 Lq</translation>
    </message>
    <message>
        <source>query length</source>
        <translation>查询长度</translation>
    </message>
    <message>
        <source>Key length Lk (follows Lq unless cross-attention is on)</source>
        <translation>键长度 Lk（未开启交叉注意力时与 Lq 相同）</translation>
    </message>
    <message>
        <source>key length</source>
        <translation>键长度</translation>
    </message>
    <message>
        <source>Model width d_model</source>
        <translation>模型宽度 d_model</translation>
    </message>
    <message>
        <source>d_model</source>
        <translation>d_model</translation>
    </message>
    <message>
        <source>Head width d_head</source>
        <translation>头宽度 d_head</translation>
    </message>
    <message>
        <source>d_head</source>
        <translation>d_head</translation>
    </message>
    <message>
        <source>Cross-attention</source>
        <translation>交叉注意力</translation>
    </message>
    <message>
        <source>Queries come from a second sequence, so Lq may differ from Lk</source>
        <translation>查询来自另一个序列，因此 Lq 可以与 Lk 不同</translation>
    </message>
    <message>
        <source>cross-attention</source>
        <translation>交叉注意力</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Heads</source>
        <translation>头数</translation>
    </message>
    <message>
        <source>KV heads</source>
        <translation>KV 头数</translation>
    </message>
    <message>
        <source>Query length</source>
        <translation>查询长度</translation>
    </message>
    <message>
        <source>Key length</source>
        <translation>键长度</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>auto (1/√d)</source>
        <translation>自动（1/√d）</translation>
    </message>
    <message>
        <source>Scale the scores by 1/√d_head</source>
        <translation>用 1/√d_head 缩放分数</translation>
    </message>
    <message>
        <source>Factor the scores Q·Kᵀ are multiplied by</source>
        <translation>分数 Q·Kᵀ 所乘的系数</translation>
    </message>
    <message>
        <source>scale</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Absolute position of query 0 (a KV cache&apos;s length)</source>
        <translation>查询 0 的绝对位置（即 KV 缓存的长度）</translation>
    </message>
    <message>
        <source>q_offset</source>
        <translation>q_offset</translation>
    </message>
    <message>
        <source>Absolute position of key 0</source>
        <translation>键 0 的绝对位置</translation>
    </message>
    <message>
        <source>kv_offset</source>
        <translation>kv_offset</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Layer index shown in the figure titles</source>
        <translation>图标题中显示的层序号</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Why the last change was not applied</source>
        <translation>上一次更改未生效的原因</translation>
    </message>
    <message>
        <source>sink head %1 does not exist (heads: %2)</source>
        <translation>汇聚头 %1 不存在（共 %2 个头）</translation>
    </message>
    <message>
        <source>Change %1</source>
        <translation>更改%1</translation>
    </message>
    <message>
        <source>Set by the file %1</source>
        <translation>由文件 %1 决定</translation>
    </message>
    <message>
        <source>Layer of the model shown in every view (PgUp / PgDn)</source>
        <translation>所有视图显示的模型层（PgUp / PgDn）</translation>
    </message>
    <message>
        <source>Set by the model %1</source>
        <translation>由模型 %1 决定</translation>
    </message>
    <message>
        <source>no tokenizer: %1</source>
        <translation>没有分词器：%1</translation>
    </message>
    <message>
        <source>tokens appear once the model is loaded</source>
        <translation>模型加载后显示词元</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#c62828&apos;&gt;%1 tokens: more than the model&apos;s %2 positions&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#c62828&apos;&gt;%1 个词元：超出模型的 %2 个位置&lt;/span&gt;</translation>
    </message>
    <message>
        <source>%1 tokens of the model&apos;s %2</source>
        <translation>%1 个词元（模型上限 %2）</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… 另有 %1 个</translation>
    </message>
    <message>
        <source>token %1 · id %2 · added by the tokenizer</source>
        <translation>词元 %1 · id %2 · 由分词器添加</translation>
    </message>
    <message>
        <source>token %1 · id %2 · bytes %3–%4</source>
        <translation>词元 %1 · id %2 · 字节 %3–%4</translation>
    </message>
</context>
<context>
    <name>attnscope::SessionDocument</name>
    <message>
        <source>Display</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>%1: cannot write: %2</source>
        <translation>%1：无法写入：%2</translation>
    </message>
    <message>
        <source>%1: write failed: %2</source>
        <translation>%1：写入失败：%2</translation>
    </message>
</context>
<context>
    <name>attnscope::SinkGridView</name>
    <message>
        <source> (%1 rows)</source>
        <translation>（共 %1 行）</translation>
    </message>
    <message>
        <source>Layer %1: Per-Head Attention Distribution</source>
        <translation>第 %1 层：各头的注意力分布</translation>
    </message>
    <message>
        <source>Query: per-query-block vectors from the file</source>
        <translation>查询：文件中的逐查询块向量</translation>
    </message>
    <message>
        <source>Query: all rows</source>
        <translation>查询：全部行</translation>
    </message>
    <message>
        <source>Query: frames %1</source>
        <translation>查询：帧 %1</translation>
    </message>
    <message>
        <source>Query: tokens %1</source>
        <translation>查询：词元 %1</translation>
    </message>
    <message>
        <source>Key Frame</source>
        <translation>键侧帧</translation>
    </message>
    <message>
        <source>Key Token</source>
        <translation>键词元</translation>
    </message>
    <message>
        <source>Mean Probability Received</source>
        <translation>平均接收概率</translation>
    </message>
    <message>
        <source>H%1 (sink=%2)</source>
        <translation>H%1（汇聚=%2）</translation>
    </message>
    <message>
        <source>H%1 · key frame %2 · %3</source>
        <translation>H%1 · 键侧帧 %2 · %3</translation>
    </message>
    <message>
        <source>H%1 · key token %2 · %3</source>
        <translation>H%1 · 键词元 %2 · %3</translation>
    </message>
    <message>
        <source>Sinks</source>
        <translation>汇聚</translation>
    </message>
</context>
<context>
    <name>attnscope::SinkLensView</name>
    <message>
        <source>Key positions treated as sinks, e.g. 0 or 0,1,2</source>
        <translation>视为注意力汇聚的键位置，例如 0 或 0,1,2</translation>
    </message>
    <message>
        <source>The key position whose sink metric is mapped</source>
        <translation>绘制其汇聚指标的键位置</translation>
    </message>
    <message>
        <source>More texts for the metric, one per line (models)</source>
        <translation>用于计算该指标的更多文本，每行一条（仅限模型）</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>求平均</translation>
    </message>
    <message>
        <source>Run the model on the texts listed and average the metric over them</source>
        <translation>在所列文本上运行模型，并对指标取平均</translation>
    </message>
    <message>
        <source>Sinks</source>
        <translation>汇聚位置</translation>
    </message>
    <message>
        <source>Metric key</source>
        <translation>指标键</translation>
    </message>
    <message>
        <source>Layer %1 · Head %2: Sink Lens</source>
        <translation>第 %1 层 · 头 %2：汇聚透镜</translation>
    </message>
    <message>
        <source>Sink metric of key %1 over %2 text: %3% of heads have α &gt; ε = %4</source>
        <translation>键 %1 的汇聚指标（%2 条文本）：%3% 的头满足 α &gt; ε = %4</translation>
    </message>
    <message>
        <source>Sink metric of key %1 over %2 texts: %3% of heads have α &gt; ε = %4</source>
        <translation>键 %1 的汇聚指标（%2 条文本）：%3% 的头满足 α &gt; ε = %4</translation>
    </message>
    <message>
        <source> (a text was left out: %1)</source>
        <translation>（有一条文本被略过：%1）</translation>
    </message>
    <message>
        <source>This source has no attention to look into</source>
        <translation>此数据源没有可查看的注意力</translation>
    </message>
    <message>
        <source>value-weighted: ‖α_ij v_j W_O‖ (Kobayashi et al. 2020)%1 · sinks removed: α without key %2, rows renormalised</source>
        <translation>值加权：‖α_ij v_j W_O‖（Kobayashi 等，2020）%1 · 去除汇聚：去掉键 %2 后的 α，各行重新归一化</translation>
    </message>
    <message>
        <source>value-weighted: ‖α_ij v_j W_O‖ (Kobayashi et al. 2020)%1 · sinks removed: α without keys %2, rows renormalised</source>
        <translation>值加权：‖α_ij v_j W_O‖（Kobayashi 等，2020）%1 · 去除汇聚：去掉键 %2 后的 α，各行重新归一化</translation>
    </message>
    <message>
        <source>, no W_O: ‖α_ij v_j‖</source>
        <translation>，无 W_O：‖α_ij v_j‖</translation>
    </message>
    <message>
        <source>Attention α</source>
        <translation>注意力 α</translation>
    </message>
    <message>
        <source>Key Token</source>
        <translation>键词元</translation>
    </message>
    <message>
        <source>Query Token</source>
        <translation>查询词元</translation>
    </message>
    <message>
        <source>Value-weighted</source>
        <translation>值加权</translation>
    </message>
    <message>
        <source>Sinks removed</source>
        <translation>去除汇聚</translation>
    </message>
    <message>
        <source>Key Token (kept)</source>
        <translation>键词元（保留）</translation>
    </message>
    <message>
        <source>α of key %1 per layer × head</source>
        <translation>键 %1 的 α（层 × 头）</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>头</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>log₁₀‖h‖ per layer × token</source>
        <translation>log₁₀‖h‖（层 × 词元）</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>Hidden-state norms: models only</source>
        <translation>隐藏状态范数：仅限模型</translation>
    </message>
    <message>
        <source>Sink lens</source>
        <translation>汇聚透镜</translation>
    </message>
</context>
<context>
    <name>attnscope::StatisticsView</name>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>头</translation>
    </message>
    <message>
        <source>Diagonal mean</source>
        <translation>对角线均值</translation>
    </message>
    <message>
        <source>First-column mean</source>
        <translation>首列均值</translation>
    </message>
    <message>
        <source>Row entropy</source>
        <translation>行熵</translation>
    </message>
    <message>
        <source>Mean distance</source>
        <translation>平均距离</translation>
    </message>
    <message>
        <source>First</source>
        <translation>首位</translation>
    </message>
    <message>
        <source>Mid</source>
        <translation>中间</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>末位</translation>
    </message>
    <message>
        <source>Sink</source>
        <translation>汇聚</translation>
    </message>
    <message>
        <source>Layer %1: Per-Head Attention Statistics</source>
        <translation>第 %1 层：各头的注意力统计</translation>
    </message>
    <message>
        <source>frames</source>
        <translation>帧</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>all rows</source>
        <translation>全部行</translation>
    </message>
    <message>
        <source>%1 %2 … %3 (%4 rows)</source>
        <translation>%1 %2 … %3（共 %4 行）</translation>
    </message>
    <message>
        <source>%1 · %2 · Query: %3</source>
        <translation>%1 · %2 · 查询：%3</translation>
    </message>
    <message>
        <source>no statistics to export</source>
        <translation>没有可导出的统计数据</translation>
    </message>
    <message>
        <source>%1: cannot write: %2</source>
        <translation>%1：无法写入：%2</translation>
    </message>
    <message>
        <source>%1: write failed: %2</source>
        <translation>%1：写入失败：%2</translation>
    </message>
    <message>
        <source>Export statistics</source>
        <translation>导出统计</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
</context>
<context>
    <name>attnscope::Step</name>
    <message>
        <source>Input X</source>
        <translation>输入 X</translation>
    </message>
    <message>
        <source>Projections W_q, W_k, W_v</source>
        <translation>投影 W_q、W_k、W_v</translation>
    </message>
    <message>
        <source>Queries Q</source>
        <translation>查询 Q</translation>
    </message>
    <message>
        <source>Keys K</source>
        <translation>键 K</translation>
    </message>
    <message>
        <source>Values V</source>
        <translation>值 V</translation>
    </message>
    <message>
        <source>Scores Q·Kᵀ·scale</source>
        <translation>注意力分数 Q·Kᵀ·scale</translation>
    </message>
    <message>
        <source>Mask</source>
        <translation>掩码</translation>
    </message>
    <message>
        <source>Masked scores</source>
        <translation>掩码后的分数</translation>
    </message>
    <message>
        <source>Softmax</source>
        <translation>Softmax</translation>
    </message>
    <message>
        <source>Context P·V</source>
        <translation>上下文 P·V</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>X: L × d_model, one row per position</source>
        <translation>X：L × d_model，每个位置一行</translation>
    </message>
    <message>
        <source>W_q, W_k, W_v: d_model × H·d, one column block per head</source>
        <translation>W_q、W_k、W_v：d_model × H·d，每个头一个列块</translation>
    </message>
    <message>
        <source>S&apos; = S where mask, −∞ elsewhere</source>
        <translation>S&apos; = 掩码允许处取 S，其余为 −∞</translation>
    </message>
    <message>
        <source>P = softmax(S&apos;) row-wise (empty rows → 0)</source>
        <translation>P = 按行 softmax(S&apos;)（空行 → 0）</translation>
    </message>
</context>
<context>
    <name>attnscope::StepInspectorView</name>
    <message>
        <source>◀ Prev</source>
        <translation>◀ 上一步</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一步 ▶</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Projection matrix; the head selects its column block</source>
        <translation>投影矩阵；所选的头决定显示哪个列块</translation>
    </message>
    <message>
        <source>batch </source>
        <translation>批次 </translation>
    </message>
    <message>
        <source>head </source>
        <translation>头 </translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Step %1/%2: %3</source>
        <translation>步骤 %1/%2：%3</translation>
    </message>
    <message>
        <source>kv head g = h / %1 = %2</source>
        <translation>kv 头 g = h / %1 = %2</translation>
    </message>
    <message>
        <source>the same for every head</source>
        <translation>所有头都相同</translation>
    </message>
    <message>
        <source>not available for this source (Q, K and V came from tensor files)</source>
        <translation>此数据源不可用（Q、K、V 来自张量文件）</translation>
    </message>
    <message>
        <source>Not available for this source</source>
        <translation>此数据源不可用</translation>
    </message>
    <message>
        <source>Q, K and V came from tensor files: there is no X, no W and no output</source>
        <translation>Q、K、V 来自张量文件：没有 X、W，也没有输出</translation>
    </message>
    <message>
        <source>tensor %1 · slice %2 × %3 · min %4 · max %5 · mean %6</source>
        <translation>张量 %1 · 切片 %2 × %3 · 最小值 %4 · 最大值 %5 · 均值 %6</translation>
    </message>
    <message>
        <source> · %1 cells −∞</source>
        <translation> · %1 个单元格为 −∞</translation>
    </message>
    <message>
        <source>rows %1 have no allowed key: all zero</source>
        <translation>第 %1 行没有允许的键：全为零</translation>
    </message>
    <message>
        <source>row %1 has no allowed key: all zero</source>
        <translation>第 %1 行没有允许的键：全为零</translation>
    </message>
    <message>
        <source>Mask (1 = may attend)</source>
        <translation>掩码（1 = 可关注）</translation>
    </message>
    <message>
        <source>Attention Probability</source>
        <translation>注意力概率</translation>
    </message>
    <message>
        <source>Attention Logits</source>
        <translation>注意力对数几率</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>步骤检查器</translation>
    </message>
</context>
<context>
    <name>attnscope::StepSlice</name>
    <message>
        <source> — kv head of query head %1: g = h / (H/Hkv) = %1 / %2 = %3</source>
        <translation> — 查询头 %1 对应的 kv 头：g = h / (H/Hkv) = %1 / %2 = %3</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>Query Token</source>
        <translation>查询词元</translation>
    </message>
    <message>
        <source>%1[:, %2:%3] (kv head %4)</source>
        <translation>%1[:, %2:%3] (kv 头 %4)</translation>
    </message>
    <message>
        <source>%1[:, %2:%3] (head %4)</source>
        <translation>%1[:, %2:%3] (头 %4)</translation>
    </message>
    <message>
        <source>Head Dimension</source>
        <translation>头维度</translation>
    </message>
    <message>
        <source>mask[b=%1] (shared by all heads)</source>
        <translation>mask[b=%1] (所有头共用)</translation>
    </message>
    <message>
        <source>Key Token</source>
        <translation>键词元</translation>
    </message>
    <message>
        <source> · mean-pooled %1 × %2 → %3 × %4</source>
        <translation> · 均值池化 %1 × %2 → %3 × %4</translation>
    </message>
</context>
<context>
    <name>attnscope::TensorImportDialog</name>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>%1 KiB</source>
        <translation>%1 KiB</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>(whole file)</source>
        <translation>（整个文件）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>打开 %1</translation>
    </message>
    <message>
        <source>%1 — %2, %3 tensors</source>
        <translation>%1 — %2，%3 个张量</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>dtype</source>
        <translation>dtype</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Use the tensors as</source>
        <translation>将张量用作</translation>
    </message>
    <message>
        <source>Attention maps [H, Lq, Lk], [layers, H, Lq, Lk] or [B, layers, H, Lq, Lk]</source>
        <translation>注意力图 [H, Lq, Lk]、[layers, H, Lq, Lk] 或 [B, layers, H, Lq, Lk]</translation>
    </message>
    <message>
        <source>Per-query-block vectors only [H, Lk] or [layers, H, Lk]</source>
        <translation>仅逐查询块向量 [H, Lk] 或 [layers, H, Lk]</translation>
    </message>
    <message>
        <source>Q, K and V to compute attention from [H, L, d] or [B, H, L, d]</source>
        <translation>用于计算注意力的 Q、K、V [H, L, d] 或 [B, H, L, d]</translation>
    </message>
    <message>
        <source>Logits</source>
        <translation>对数几率</translation>
    </message>
    <message>
        <source>Probabilities</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>Maps</source>
        <translation>注意力图</translation>
    </message>
    <message>
        <source>Values are</source>
        <translation>数值类型</translation>
    </message>
    <message>
        <source>Batch element</source>
        <translation>批次元素</translation>
    </message>
    <message>
        <source>Query-block vectors</source>
        <translation>查询块向量</translation>
    </message>
</context>
<context>
    <name>attnscope::TensorImporter</name>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
</context>
<context>
    <name>attnscope::ThreeDView</name>
    <message>
        <source>3D</source>
        <translation>三维</translation>
    </message>
</context>
<context>
    <name>attnscope::TokenView</name>
    <message>
        <source>Hide special</source>
        <translation>隐藏特殊词元</translation>
    </message>
    <message>
        <source>Heads</source>
        <translation>头</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <source>Pairs whose weight is below this are not drawn</source>
        <translation>权重低于此值的词元对不绘制</translation>
    </message>
    <message>
        <source>Remove [CLS], [SEP], BOS, … and renormalise each row over the rest</source>
        <translation>移除 [CLS]、[SEP]、BOS 等特殊词元，并在其余词元上重新归一化每一行</translation>
    </message>
    <message>
        <source>Layer %1: Token Attention (%2)</source>
        <translation>第 %1 层：词元注意力（%2）</translation>
    </message>
    <message>
        <source>all heads</source>
        <translation>全部头</translation>
    </message>
    <message>
        <source>heads %1</source>
        <translation>头 %1</translation>
    </message>
    <message>
        <source>Head %1: click to show or hide its lines</source>
        <translation>头 %1：点击以显示或隐藏其连线</translation>
    </message>
    <message>
        <source>line strength ∝ attention weight · weights below %1 not drawn%2%3</source>
        <translation>连线强度 ∝ 注意力权重 · 低于 %1 的权重不绘制%2%3</translation>
    </message>
    <message>
        <source> · %1 special tokens hidden, rows renormalised</source>
        <translation> · 已隐藏 %1 个特殊词元，各行已重新归一化</translation>
    </message>
    <message>
        <source> · the first %1 of %2 tokens</source>
        <translation> · 仅显示 %2 个词元中的前 %1 个</translation>
    </message>
    <message>
        <source>Query Token</source>
        <translation>查询词元</translation>
    </message>
    <message>
        <source>Key Token</source>
        <translation>键词元</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>词元</translation>
    </message>
</context>
<context>
    <name>attnscope::VectorScene</name>
    <message>
        <source>Queries</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>值</translation>
    </message>
    <message>
        <source>This trace has no Q/K/V vectors: its attention maps were read from a file.</source>
        <translation>此计算结果没有 Q/K/V 向量：其注意力图读取自文件。</translation>
    </message>
    <message>
        <source>This trace has no Q/K/V vectors.</source>
        <translation>此计算结果没有 Q/K/V 向量。</translation>
    </message>
    <message>
        <source>dim %1</source>
        <translation>维度 %1</translation>
    </message>
</context>
<context>
    <name>attnscope::VectorView3D</name>
    <message>
        <source>Isometric</source>
        <translation>等轴测</translation>
    </message>
    <message>
        <source>Isometric (left)</source>
        <translation>等轴测（左）</translation>
    </message>
    <message>
        <source>Front</source>
        <translation>正面</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>左侧</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>右侧</translation>
    </message>
    <message>
        <source>Behind</source>
        <translation>背面</translation>
    </message>
    <message>
        <source>Above</source>
        <translation>上方</translation>
    </message>
    <message>
        <source>Below</source>
        <translation>下方</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>PCA of Q ∪ K ∪ V</source>
        <translation>Q ∪ K ∪ V 的 PCA</translation>
    </message>
    <message>
        <source>Three dimensions</source>
        <translation>选三个维度</translation>
    </message>
    <message>
        <source>The dimension of d_head on the %1 axis</source>
        <translation>%1 轴上显示的 d_head 维度</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>头</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Axes</source>
        <translation>坐标轴</translation>
    </message>
    <message>
        <source>Dimensions</source>
        <translation>维度</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>视角</translation>
    </message>
    <message>
        <source>Click a query to select it; right-drag rotates, the wheel zooms.</source>
        <translation>点击查询点即可选中；按住右键拖动旋转，滚轮缩放。</translation>
    </message>
    <message>
        <source>No trace.</source>
        <translation>没有计算结果。</translation>
    </message>
    <message>
        <source>Head %1 (kv head %2)</source>
        <translation>头 %1（kv 头 %2）</translation>
    </message>
    <message>
        <source>&lt;br&gt;Explained variance %1 %, %2 %, %3 %</source>
        <translation>&lt;br&gt;解释方差 %1 %、%2 %、%3 %</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;%1&lt;/b&gt; attends to:</source>
        <translation>&lt;br&gt;&lt;b&gt;%1&lt;/b&gt; 关注：</translation>
    </message>
    <message>
        <source>Q, K, V vectors: %1</source>
        <translation>Q、K、V 向量：%1</translation>
    </message>
    <message>
        <source>dimensions %1, %2, %3</source>
        <translation>维度 %1、%2、%3</translation>
    </message>
    <message>
        <source>Head %1: Q, K, V vectors (%2)</source>
        <translation>头 %1：Q、K、V 向量（%2）</translation>
    </message>
    <message>
        <source> · attention of %1</source>
        <translation> · %1 的注意力</translation>
    </message>
    <message>
        <source>attention weight (width and opacity)</source>
        <translation>注意力权重（线宽与不透明度）</translation>
    </message>
    <message>
        <source>3D vectors</source>
        <translation>三维向量</translation>
    </message>
</context>
<context>
    <name>attnscope::ViewDeck</name>
    <message>
        <source>Showing: %1 — the mask field is invalid</source>
        <translation>正在显示：%1 — 掩码输入无效</translation>
    </message>
    <message>
        <source>The views show the last valid mask, %1, until the mask field is valid again:
%2</source>
        <translation>在掩码输入重新有效之前，各视图显示上一个有效的掩码 %1：
%2</translation>
    </message>
    <message>
        <source>; the full trace would take %1 GiB</source>
        <translation>；完整的计算结果需要 %1 GiB</translation>
    </message>
    <message>
        <source>%1 needs the materialised attention steps, which this trace does not hold.

L = %2 × %3 with %4 heads is on the pooled path: %5.

The Flowchart, Heads and Sinks tabs show it; `attnscope compute --pooled` writes its pooled results.</source>
        <translation>%1 需要完整展开的注意力各步骤，而此计算结果没有保存它们。

L = %2 × %3、共 %4 个头，走的是池化路径：%5。

“流程图”“各头”和“汇聚”标签页可以显示它；`attnscope compute --pooled` 可写出其池化结果。</translation>
    </message>
    <message>
        <source>Head %1 — scroll to zoom, drag to pan</source>
        <translation>头 %1 — 滚轮缩放，拖动平移</translation>
    </message>
</context>
<context>
    <name>attnscope::ViewOptions</name>
    <message>
        <source>Attention Logits</source>
        <translation>注意力对数几率</translation>
    </message>
    <message>
        <source>Attention Probability</source>
        <translation>注意力概率</translation>
    </message>
    <message>
        <source>Masked Attention Logits</source>
        <translation>掩码后的注意力对数几率</translation>
    </message>
</context>
<context>
    <name>attnscope::WeightsView3D</name>
    <message>
        <source>query @zLabel · key @xLabel: @yLabel</source>
        <extracomment>Qt Data Visualization replaces @zLabel, @xLabel and @yLabel: keep them.</extracomment>
        <translation>查询 @zLabel · 键 @xLabel：@yLabel</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>头</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>视角</translation>
    </message>
    <message>
        <source>%1 × %2 cells of %3 × %4 %5%6.&lt;br&gt;Colour and height: %7, range %8 to %9 (as the 2D heatmaps).</source>
        <translation>%1 × %2 个单元格，来自 %3 × %4 个%5%6。&lt;br&gt;颜色与高度：%7，范围 %8 到 %9（与二维热力图相同）。</translation>
    </message>
    <message>
        <source>tokens in frames</source>
        <translation>词元（按帧）</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>, pooled (max)</source>
        <translation>，池化（最大值）</translation>
    </message>
    <message>
        <source>, pooled (mean)</source>
        <translation>，池化（平均值）</translation>
    </message>
    <message>
        <source>Query Frame</source>
        <translation>查询侧帧</translation>
    </message>
    <message>
        <source>Query Token</source>
        <translation>查询词元</translation>
    </message>
    <message>
        <source>Key Frame</source>
        <translation>键侧帧</translation>
    </message>
    <message>
        <source>Key Token</source>
        <translation>键词元</translation>
    </message>
    <message>
        <source>Layer %1, head %2: %3 in 3D</source>
        <translation>第 %1 层，头 %2：%3（三维）</translation>
    </message>
    <message>
        <source>3D weights</source>
        <translation>三维权重</translation>
    </message>
</context>
</TS>
