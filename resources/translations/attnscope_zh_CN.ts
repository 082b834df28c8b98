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
    <message>
        <source>Attention Logits (pooled, mean)</source>
        <translation>注意力对数几率（池化，均值）</translation>
    </message>
    <message>
        <source>Attention Probability (frames, mean)</source>
        <translation>注意力概率（帧，均值）</translation>
    </message>
    <message>
        <source>Attention Probability (frames, max)</source>
        <translation>注意力概率（帧，取最大值）</translation>
    </message>
    <message>
        <source>Attention Probability (frames, sum)</source>
        <translation>注意力概率（帧，求和）</translation>
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
    <message>
        <source>%1: layer %2</source>
        <translation>%1：第 %2 层</translation>
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
    <name>attnscope::Text</name>
    <message>
        <source>tokens per frame must be ≥ 0</source>
        <translation>每帧词元数必须 ≥ 0</translation>
    </message>
    <message>
        <source>the first frame must start at 0</source>
        <translation>第一帧必须从 0 开始</translation>
    </message>
    <message>
        <source>frame starts must increase (%1 then %2)</source>
        <translation>各帧起点必须递增（%1 之后是 %2）</translation>
    </message>
    <message>
        <source>frame start %1 is past the sequence end %2</source>
        <translation>帧起点 %1 超出了序列末尾 %2</translation>
    </message>
    <message>
        <source>PCA needs at least two vectors, got %1</source>
        <translation>PCA 至少需要两个向量，实际为 %1 个</translation>
    </message>
    <message>
        <source>PCA needs vectors of at least one dimension</source>
        <translation>PCA 需要至少一维的向量</translation>
    </message>
    <message>
        <source>PCA components must be between 1 and the dimension %1, got %2</source>
        <translation>PCA 主成分数必须在 1 到维数 %1 之间，实际为 %2</translation>
    </message>
    <message>
        <source>PCA input holds non-finite values (NaN or infinity)</source>
        <translation>PCA 输入含有非有限值（NaN 或无穷大）</translation>
    </message>
    <message>
        <source>PCA: the eigen decomposition failed</source>
        <translation>PCA：特征分解失败</translation>
    </message>
    <message>
        <source>Q and K must be [B, H, L, d]</source>
        <translation>Q 和 K 必须为 [B, H, L, d]</translation>
    </message>
    <message>
        <source>K does not match Q (batch, d_head, or heads not a multiple of kv heads)</source>
        <translation>K 与 Q 不匹配（批大小或 d_head 不同，或头数不是 KV 头数的倍数）</translation>
    </message>
    <message>
        <source>frames must hold at least one token</source>
        <translation>每帧至少要包含一个词元</translation>
    </message>
    <message>
        <source>the viewport must lie inside the %1 × %2 matrix</source>
        <translation>视口必须位于 %1 × %2 矩阵之内</translation>
    </message>
    <message>
        <source>the viewport&apos;s size must be 1 to 8192 pixels each way</source>
        <translation>视口在每个方向上的尺寸必须为 1 到 8192 像素</translation>
    </message>
    <message>
        <source>out of memory for the pooled results</source>
        <translation>内存不足，无法存放池化结果</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>no such head</source>
        <translation>没有该头</translation>
    </message>
    <message>
        <source>the region must lie inside the matrix</source>
        <translation>区域必须位于矩阵之内</translation>
    </message>
    <message>
        <source>the region is too large to hold</source>
        <translation>区域过大，无法存放</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>bad backend id &apos;%1&apos; (use FAMILY:N, e.g. %2)</source>
        <translation>后端 id &apos;%1&apos; 无效（请使用 FAMILY:N，例如 %2）</translation>
    </message>
    <message>
        <source>no backend could be created</source>
        <translation>无法创建任何后端</translation>
    </message>
    <message>
        <source>%1 unusable (%2); using the CPU</source>
        <translation>%1 无法使用（%2）；改用 CPU</translation>
    </message>
    <message>
        <source>no backend is compiled in</source>
        <translation>未编译任何后端</translation>
    </message>
    <message>
        <source>unknown backend &apos;%1&apos; (use %2)</source>
        <translation>未知后端 &apos;%1&apos;（请使用 %2）</translation>
    </message>
    <message>
        <source>%1 unavailable (%2); using the CPU</source>
        <translation>%1 不可用（%2）；改用 CPU</translation>
    </message>
    <message>
        <source>no %1 device %2: there are %3 (see %4)</source>
        <translation>没有 %1 设备 %2：共有 %3 个（见 %4）</translation>
    </message>
    <message>
        <source>the mask plan&apos;s tiles are not %1</source>
        <translation>掩码计划的分块大小不是 %1</translation>
    </message>
    <message>
        <source>out of memory: the attention matrices of B=%1, H=%2, Lq=%3, Lk=%4 do not fit</source>
        <translation>内存不足：B=%1、H=%2、Lq=%3、Lk=%4 的注意力矩阵放不下</translation>
    </message>
    <message>
        <source>no OpenCL device %1 (there are %2; see %3)</source>
        <translation>没有 OpenCL 设备 %1（共有 %2 个；见 %3）</translation>
    </message>
    <message>
        <source>the OpenCL kernels do not compile for %1: %2
%3</source>
        <translation>OpenCL 内核无法为 %1 编译：%2
%3</translation>
    </message>
    <message>
        <source>OpenCL device %1: %2</source>
        <translation>OpenCL 设备 %1：%2</translation>
    </message>
    <message>
        <source>the attention matrices of B=%1, H=%2, Lq=%3, Lk=%4 need %5 each (three of them and the mask); %6 allows %7 per buffer and has %8</source>
        <translation>B=%1、H=%2、Lq=%3、Lk=%4 的注意力矩阵每个需要 %5（共三个，外加掩码）；%6 每个缓冲区最多允许 %7，总共有 %8</translation>
    </message>
    <message>
        <source>sequence too long for the OpenCL kernels</source>
        <translation>序列过长，OpenCL 内核无法处理</translation>
    </message>
    <message>
        <source>OpenCL on %1: %2</source>
        <translation>%1 上的 OpenCL：%2</translation>
    </message>
    <message>
        <source>out of memory copying the attention matrices back from %1</source>
        <translation>从 %1 取回注意力矩阵时内存不足</translation>
    </message>
    <message>
        <source>OpenCL pooling on %1: %2</source>
        <translation>%1 上的 OpenCL 池化：%2</translation>
    </message>
    <message>
        <source>nothing computed on the device yet</source>
        <translation>设备上尚未计算任何内容</translation>
    </message>
    <message>
        <source>batch element %1 out of range</source>
        <translation>批次元素 %1 超出范围</translation>
    </message>
    <message>
        <source>query frames: %1</source>
        <translation>查询侧帧：%1</translation>
    </message>
    <message>
        <source>key frames: %1</source>
        <translation>键侧帧：%1</translation>
    </message>
    <message>
        <source>viewport region outside the matrix</source>
        <translation>视口区域超出矩阵</translation>
    </message>
    <message>
        <source>%1 failed: OpenCL error (%2)</source>
        <translation>%1 失败：OpenCL 错误（%2）</translation>
    </message>
    <message>
        <source>%1 failed: %2 (%3)</source>
        <translation>%1 失败：%2（%3）</translation>
    </message>
    <message>
        <source>OpenCL: %1</source>
        <translation>OpenCL：%1</translation>
    </message>
    <message>
        <source>missing Q, K, V or mask plan</source>
        <translation>缺少 Q、K、V 或掩码计划</translation>
    </message>
    <message>
        <source>K %1 and V %2 must have the same shape</source>
        <translation>K %1 与 V %2 的形状必须相同</translation>
    </message>
    <message>
        <source>batch of Q (%1) and K (%2) differ</source>
        <translation>Q（%1）与 K（%2）的批大小不同</translation>
    </message>
    <message>
        <source>head dimension of Q (%1) and K (%2) differ</source>
        <translation>Q（%1）与 K（%2）的头维度不同</translation>
    </message>
    <message>
        <source>Q heads (%1) must be a multiple of K/V heads (%2)</source>
        <translation>Q 的头数（%1）必须是 K/V 头数（%2）的倍数</translation>
    </message>
    <message>
        <source>empty Q, K or V</source>
        <translation>Q、K 或 V 为空</translation>
    </message>
    <message>
        <source>mask plan shape does not match Q/K</source>
        <translation>掩码计划的形状与 Q/K 不匹配</translation>
    </message>
    <message>
        <source>no backend</source>
        <translation>没有后端</translation>
    </message>
    <message>
        <source>the views on screen need only pooled data</source>
        <translation>屏幕上的视图只需要池化数据</translation>
    </message>
    <message>
        <source>internal error: %1</source>
        <translation>内部错误：%1</translation>
    </message>
    <message>
        <source>attention maps must be [H, Lq, Lk], [layers, H, Lq, Lk] or [B, layers, H, Lq, Lk]; got %1</source>
        <translation>注意力图必须为 [H, Lq, Lk]、[layers, H, Lq, Lk] 或 [B, layers, H, Lq, Lk]；实际为 %1</translation>
    </message>
    <message>
        <source>batch %1 is not in %2</source>
        <translation>批次 %1 不在 %2 之内</translation>
    </message>
    <message>
        <source>per-query-block vectors must be [H, Lk] or [layers, H, Lk]; got %1</source>
        <translation>逐查询块向量必须为 [H, Lk] 或 [layers, H, Lk]；实际为 %1</translation>
    </message>
    <message>
        <source>the vectors %1 do not match the maps&apos; %2 heads and %3 keys</source>
        <translation>向量 %1 与注意力图的 %2 个头、%3 个键不匹配</translation>
    </message>
    <message>
        <source>nothing to show: no attention maps and no vectors</source>
        <translation>没有可显示的内容：既没有注意力图，也没有向量</translation>
    </message>
    <message>
        <source>the attention maps are empty %1</source>
        <translation>注意力图为空 %1</translation>
    </message>
    <message>
        <source>layer %1 is not in 0..%2</source>
        <translation>层 %1 不在 0..%2 之内</translation>
    </message>
    <message>
        <source>out of memory: the mask of B=%1, Lq=%2, Lk=%3 does not fit</source>
        <translation>内存不足：B=%1、Lq=%2、Lk=%3 的掩码放不下</translation>
    </message>
    <message>
        <source>the full trace would need %1 GiB, more than the budget of %2 GiB</source>
        <translation>完整的计算结果需要 %1 GiB，超出了 %2 GiB 的预算</translation>
    </message>
    <message>
        <source>batch × heads × Lq × Lk = %1 attention cells is too large for a full trace (at most 1.2e9 fit in memory); compute --pooled needs no L² tensor</source>
        <translation>批大小 × 头数 × Lq × Lk = %1 个注意力单元，对完整的计算结果而言过大（内存中最多容纳 1.2e9 个）；compute --pooled 不需要 L² 张量</translation>
    </message>
    <message>
        <source>batch must be between 1 and 4096</source>
        <translation>批大小必须在 1 到 4096 之间</translation>
    </message>
    <message>
        <source>heads must be between 1 and 1024</source>
        <translation>头数必须在 1 到 1024 之间</translation>
    </message>
    <message>
        <source>kv heads must be between 1 and heads</source>
        <translation>KV 头数必须在 1 到头数之间</translation>
    </message>
    <message>
        <source>heads (%1) must be a multiple of kv heads (%2)</source>
        <translation>头数（%1）必须是 KV 头数（%2）的倍数</translation>
    </message>
    <message>
        <source>query and key lengths must be between 1 and 1048576</source>
        <translation>查询和键的长度必须在 1 到 1048576 之间</translation>
    </message>
    <message>
        <source>d_head must be between 1 and 4096</source>
        <translation>d_head 必须在 1 到 4096 之间</translation>
    </message>
    <message>
        <source>d_model must be between 1 and 65536</source>
        <translation>d_model 必须在 1 到 65536 之间</translation>
    </message>
    <message>
        <source>batch × heads × Lq × Lk = %1 attention cells is too large (at most 3e11, even without an L² tensor)</source>
        <translation>批大小 × 头数 × Lq × Lk = %1 个注意力单元，过大（即使不用 L² 张量，最多也只能有 3e11 个）</translation>
    </message>
    <message>
        <source>self-attention needs Lq == Lk; enable cross-attention for Lq != Lk</source>
        <translation>自注意力要求 Lq == Lk；Lq != Lk 时请启用交叉注意力</translation>
    </message>
    <message>
        <source>scale must be a finite number in (0, 1000]; got %1</source>
        <translation>缩放必须是 (0, 1000] 内的有限数；实际为 %1</translation>
    </message>
    <message>
        <source>the soft-cap must be 0 (none) or a positive number up to 1e6</source>
        <translation>软上限必须为 0（不使用）或不超过 1e6 的正数</translation>
    </message>
    <message>
        <source>offsets must be ≥ 0</source>
        <translation>偏移必须 ≥ 0</translation>
    </message>
    <message>
        <source>a tensor source needs q, k and v files</source>
        <translation>张量数据源需要 q、k、v 文件</translation>
    </message>
    <message>
        <source>an attention-map source needs a maps or a vectors file</source>
        <translation>注意力图数据源需要注意力图文件或向量文件</translation>
    </message>
    <message>
        <source>the maps have at least one layer</source>
        <translation>注意力图至少要有一层</translation>
    </message>
    <message>
        <source>the maps&apos; batch element must be ≥ 0</source>
        <translation>注意力图的批次元素必须 ≥ 0</translation>
    </message>
    <message>
        <source>a model source needs the model&apos;s folder</source>
        <translation>模型数据源需要模型所在的文件夹</translation>
    </message>
    <message>
        <source>a model source needs a text or token ids</source>
        <translation>模型数据源需要文本或词元 id</translation>
    </message>
    <message>
        <source>the layer must be ≥ 0</source>
        <translation>层必须 ≥ 0</translation>
    </message>
    <message>
        <source>mask: %1</source>
        <translation>掩码：%1</translation>
    </message>
    <message>
        <source>the mask expression is empty</source>
        <translation>掩码表达式为空</translation>
    </message>
    <message>
        <source>not an AttnScope session (missing &quot;format&quot;: &quot;attnscope-session&quot;)</source>
        <translation>不是 AttnScope 会话（缺少 &quot;format&quot;: &quot;attnscope-session&quot;）</translation>
    </message>
    <message>
        <source>unsupported session version %1 (this build reads versions 1 to %2)</source>
        <translation>不支持的会话版本 %1（当前构建可读取版本 1 到 %2）</translation>
    </message>
    <message>
        <source>unknown source kind &quot;%1&quot;</source>
        <translation>未知的数据源类型 &quot;%1&quot;</translation>
    </message>
    <message>
        <source>seed must be an unsigned integer</source>
        <translation>种子必须是无符号整数</translation>
    </message>
    <message>
        <source>unknown pattern &quot;%1&quot;</source>
        <translation>未知模式 &quot;%1&quot;</translation>
    </message>
    <message>
        <source>map_kind must be logits or probabilities, not &quot;%1&quot;</source>
        <translation>map_kind 必须是 logits 或 probabilities，而不是 &quot;%1&quot;</translation>
    </message>
    <message>
        <source>%1: cannot open: %2</source>
        <translation>%1：无法打开：%2</translation>
    </message>
    <message>
        <source>%1: session file over 64 MiB</source>
        <translation>%1：会话文件超过 64 MiB</translation>
    </message>
    <message>
        <source>%1: invalid JSON at offset %2: %3</source>
        <translation>%1：偏移量 %2 处的 JSON 无效：%3</translation>
    </message>
    <message>
        <source>%1: a session is a JSON object</source>
        <translation>%1：会话必须是 JSON 对象</translation>
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
        <source>%1 must be [H, L, d] or [B, H, L, d]; got %2</source>
        <translation>%1 必须为 [H, L, d] 或 [B, H, L, d]；实际为 %2</translation>
    </message>
    <message>
        <source>attention maps have no Q and K to compute from</source>
        <translation>注意力图没有可用于计算的 Q 和 K</translation>
    </message>
    <message>
        <source>layer %1 does not exist (the model has %2 layers: 0 to %3)</source>
        <translation>层 %1 不存在（模型共有 %2 层：0 到 %3）</translation>
    </message>
    <message>
        <source>attention maps are a trace already: there is nothing to pool</source>
        <translation>注意力图本身已是计算结果：没有可池化的内容</translation>
    </message>
    <message>
        <source>the magic</source>
        <translation>魔数</translation>
    </message>
    <message>
        <source>the version</source>
        <translation>版本号</translation>
    </message>
    <message>
        <source>the tensor count</source>
        <translation>张量数量</translation>
    </message>
    <message>
        <source>the metadata count</source>
        <translation>元数据数量</translation>
    </message>
    <message>
        <source>a metadata key</source>
        <translation>元数据键</translation>
    </message>
    <message>
        <source>a metadata value type</source>
        <translation>元数据值类型</translation>
    </message>
    <message>
        <source>a metadata value</source>
        <translation>元数据值</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>an array&apos;s element type</source>
        <translation>数组元素类型</translation>
    </message>
    <message>
        <source>the array&apos;s string count</source>
        <translation>数组的字符串数量</translation>
    </message>
    <message>
        <source>the array&apos;s element count</source>
        <translation>数组元素数量</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>数组</translation>
    </message>
    <message>
        <source>a tensor name</source>
        <translation>张量名</translation>
    </message>
    <message>
        <source>a tensor&apos;s dimension count</source>
        <translation>张量维数</translation>
    </message>
    <message>
        <source>a tensor&apos;s dimensions</source>
        <translation>张量各维大小</translation>
    </message>
    <message>
        <source>a tensor&apos;s type</source>
        <translation>张量类型</translation>
    </message>
    <message>
        <source>a tensor&apos;s data offset</source>
        <translation>张量数据偏移量</translation>
    </message>
    <message>
        <source>byte offset %1: %2</source>
        <translation>字节偏移量 %1：%2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>the file ends inside %1 (%2 bytes needed, %3 left)</source>
        <translation>读取%1时文件提前结束（需要 %2 字节，仅剩 %3 字节）</translation>
    </message>
    <message>
        <source>%1 %2 cannot fit in the %3 bytes left (each takes at least %4)</source>
        <translation>%1为 %2，剩余的 %3 字节放不下（每项至少 %4 字节）</translation>
    </message>
    <message>
        <source>unknown metadata value type %1</source>
        <translation>未知的元数据值类型 %1</translation>
    </message>
    <message>
        <source>unknown array element type %1</source>
        <translation>未知的数组元素类型 %1</translation>
    </message>
    <message>
        <source>arrays of arrays are not supported</source>
        <translation>不支持嵌套数组</translation>
    </message>
    <message>
        <source>%1: byte offset 0: not a GGUF file (%2 bytes, shorter than the 4-byte magic)</source>
        <translation>%1：字节偏移量 0：不是 GGUF 文件（仅 %2 字节，短于 4 字节的魔数）</translation>
    </message>
    <message>
        <source>%1: byte offset 0: not a GGUF file (the magic is %2, not &quot;GGUF&quot;)</source>
        <translation>%1：字节偏移量 0：不是 GGUF 文件（魔数为 %2，而不是 &quot;GGUF&quot;）</translation>
    </message>
    <message>
        <source>%1: byte offset 4: GGUF version 1 (32-bit counts and lengths, before llama.cpp moved to version 2) is not supported; AttnScope reads versions 2 and 3</source>
        <translation>%1：字节偏移量 4：不支持 GGUF 版本 1（使用 32 位计数和长度，早于 llama.cpp 改用版本 2）；AttnScope 可读取版本 2 和 3</translation>
    </message>
    <message>
        <source>%1: byte offset 4: a big-endian GGUF file (version %2), which AttnScope does not read</source>
        <translation>%1：字节偏移量 4：这是大端序 GGUF 文件（版本 %2），AttnScope 无法读取</translation>
    </message>
    <message>
        <source>%1: byte offset 4: unsupported GGUF version %2 (AttnScope reads versions 2 and 3)</source>
        <translation>%1：字节偏移量 4：不支持的 GGUF 版本 %2（AttnScope 可读取版本 2 和 3）</translation>
    </message>
    <message>
        <source>%1: byte offset %2: the tensor count %3 cannot fit in the %4 bytes left (each takes at least %5)</source>
        <translation>%1：字节偏移量 %2：张量数量为 %3，剩余的 %4 字节放不下（每项至少 %5 字节）</translation>
    </message>
    <message>
        <source>the metadata key &apos;%1&apos; appears twice</source>
        <translation>元数据键 &apos;%1&apos; 出现了两次</translation>
    </message>
    <message>
        <source>metadata entry %1</source>
        <translation>元数据条目 %1</translation>
    </message>
    <message>
        <source>metadata entry %1, &apos;%2&apos;</source>
        <translation>元数据条目 %1，&apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1: byte offset %2: general.alignment %3 is not a power of two</source>
        <translation>%1：字节偏移量 %2：general.alignment %3 不是 2 的幂</translation>
    </message>
    <message>
        <source>the tensor name &apos;%1&apos; appears twice</source>
        <translation>张量名 &apos;%1&apos; 出现了两次</translation>
    </message>
    <message>
        <source>%1 dimensions (ggml has at most 4)</source>
        <translation>%1 个维度（ggml 最多支持 4 个）</translation>
    </message>
    <message>
        <source>dimension %1 overflows the element count</source>
        <translation>维度 %1 使元素总数溢出</translation>
    </message>
    <message>
        <source>unknown ggml tensor type %1</source>
        <translation>未知的 ggml 张量类型 %1</translation>
    </message>
    <message>
        <source>the row length %1 is not a multiple of %2&apos;s block size %3</source>
        <translation>行长度 %1 不是 %2 的块大小 %3 的倍数</translation>
    </message>
    <message>
        <source>the tensor&apos;s byte size overflows</source>
        <translation>张量的字节大小溢出</translation>
    </message>
    <message>
        <source>data offset %1 is past any file</source>
        <translation>数据偏移量 %1 超出了任何可能的文件大小</translation>
    </message>
    <message>
        <source>data offset %1 is not a multiple of the alignment %2</source>
        <translation>数据偏移量 %1 不是对齐值 %2 的倍数</translation>
    </message>
    <message>
        <source>tensor %1</source>
        <translation>张量 %1</translation>
    </message>
    <message>
        <source>tensor %1, &apos;%2&apos;</source>
        <translation>张量 %1，&apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1: byte offset %2: tensor &apos;%3&apos; (%4 bytes at data offset %5, file byte %6) runs past the end of the %7-byte file</source>
        <translation>%1：字节偏移量 %2：张量 &apos;%3&apos;（%4 字节，位于数据偏移量 %5，即文件第 %6 字节处）超出了 %7 字节文件的末尾</translation>
    </message>
    <message>
        <source>%1: no tensor named &apos;%2&apos; (it holds: nothing)</source>
        <translation>%1：没有名为 &apos;%2&apos; 的张量（其中包含：无）</translation>
    </message>
    <message>
        <source>%1: no tensor named &apos;%2&apos; (it holds: %3, ... (%4 in all))</source>
        <translation>%1：没有名为 &apos;%2&apos; 的张量（其中包含：%3 等，共 %4 个）</translation>
    </message>
    <message>
        <source>%1: no tensor named &apos;%2&apos; (it holds: %3)</source>
        <translation>%1：没有名为 &apos;%2&apos; 的张量（其中包含：%3）</translation>
    </message>
    <message>
        <source>%1: tensor &apos;%2&apos;: ggml type %3 cannot be converted to float32 yet</source>
        <translation>%1：张量 &apos;%2&apos;：暂不支持将 ggml 类型 %3 转换为 float32</translation>
    </message>
    <message>
        <source>%1: tensor &apos;%2&apos;: %3</source>
        <translation>%1：张量 &apos;%2&apos;：%3</translation>
    </message>
    <message>
        <source>ggml type %1 cannot be converted to float32 (AttnScope reads f32, f16, bf16, f64, i8-i64, q4_0, q4_1, q5_0, q5_1, q8_0 and q2_k-q8_k)</source>
        <translation>ggml 类型 %1 无法转换为 float32（AttnScope 可读取 f32、f16、bf16、f64、i8-i64、q4_0、q4_1、q5_0、q5_1、q8_0 和 q2_k-q8_k）</translation>
    </message>
    <message>
        <source>%1 elements are not a whole number of %2 blocks of %3</source>
        <translation>%1 个元素不是整数个 %2 块（每块 %3 个元素）</translation>
    </message>
    <message>
        <source>cannot open: %1</source>
        <translation>无法打开：%1</translation>
    </message>
    <message>
        <source>cannot read the file: %1</source>
        <translation>无法读取文件：%1</translation>
    </message>
    <message>
        <source>read error: %1</source>
        <translation>读取错误：%1</translation>
    </message>
    <message>
        <source>%1: cannot save: %2</source>
        <translation>%1：无法保存：%2</translation>
    </message>
    <message>
        <source>%1: holds %2 values; a mask must be bool or integer</source>
        <translation>%1：存放的是 %2 值；掩码必须为 bool 或整数类型</translation>
    </message>
    <message>
        <source>%1: data ends after %2 of %3 bytes declared by the header (data at offset %4)</source>
        <translation>%1：数据在 %2 字节后结束，而头部声明了 %3 字节（数据位于偏移量 %4）</translation>
    </message>
    <message>
        <source>%1: not enough memory for an array of shape %2</source>
        <translation>%1：内存不足，无法存放形状为 %2 的数组</translation>
    </message>
    <message>
        <source>object array (dtype &apos;%1&apos;) at offset %2: its Python objects can only be read by running pickle code; save a numeric array instead</source>
        <translation>偏移量 %2 处为对象数组（dtype &apos;%1&apos;）：其中的 Python 对象只能通过运行 pickle 代码读取；请改为保存数值数组</translation>
    </message>
    <message>
        <source>unsupported dtype &apos;%1&apos; (complex) at offset %2; supported are bool, int8-int64, uint8-uint64, float16, float32 and float64</source>
        <translation>偏移量 %2 处的 dtype &apos;%1&apos;（复数）不受支持；支持 bool、int8-int64、uint8-uint64、float16、float32 和 float64</translation>
    </message>
    <message>
        <source>unsupported dtype &apos;%1&apos; (strings) at offset %2; supported are bool, int8-int64, uint8-uint64, float16, float32 and float64</source>
        <translation>偏移量 %2 处的 dtype &apos;%1&apos;（字符串）不受支持；支持 bool、int8-int64、uint8-uint64、float16、float32 和 float64</translation>
    </message>
    <message>
        <source>unsupported dtype &apos;%1&apos; (dates or times) at offset %2; supported are bool, int8-int64, uint8-uint64, float16, float32 and float64</source>
        <translation>偏移量 %2 处的 dtype &apos;%1&apos;（日期或时间）不受支持；支持 bool、int8-int64、uint8-uint64、float16、float32 和 float64</translation>
    </message>
    <message>
        <source>unsupported dtype &apos;%1&apos; (raw bytes, for example bfloat16 saved through ml_dtypes) at offset %2; supported are bool, int8-int64, uint8-uint64, float16, float32 and float64</source>
        <translation>偏移量 %2 处的 dtype &apos;%1&apos;（原始字节，例如经 ml_dtypes 保存的 bfloat16）不受支持；支持 bool、int8-int64、uint8-uint64、float16、float32 和 float64</translation>
    </message>
    <message>
        <source>unsupported dtype &apos;%1&apos; (extended precision float) at offset %2; supported are bool, int8-int64, uint8-uint64, float16, float32 and float64</source>
        <translation>偏移量 %2 处的 dtype &apos;%1&apos;（扩展精度浮点数）不受支持；支持 bool、int8-int64、uint8-uint64、float16、float32 和 float64</translation>
    </message>
    <message>
        <source>unsupported dtype &apos;%1&apos; at offset %2; supported are bool, int8-int64, uint8-uint64, float16, float32 and float64</source>
        <translation>偏移量 %2 处的 dtype &apos;%1&apos; 不受支持；支持 bool、int8-int64、uint8-uint64、float16、float32 和 float64</translation>
    </message>
    <message>
        <source>header dictionary does not start with &apos;{&apos;</source>
        <translation>头部字典不以 &apos;{&apos; 开头</translation>
    </message>
    <message>
        <source>a dictionary key</source>
        <translation>字典键</translation>
    </message>
    <message>
        <source>duplicate key &apos;%1&apos;</source>
        <translation>重复的键 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>expected &apos;:&apos; after key &apos;%1&apos;</source>
        <translation>键 &apos;%1&apos; 之后应为 &apos;:&apos;</translation>
    </message>
    <message>
        <source>unexpected key &apos;%1&apos; in the header dictionary</source>
        <translation>头部字典中出现意外的键 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>expected &apos;,&apos; or &apos;}&apos; in the header dictionary</source>
        <translation>头部字典中应为 &apos;,&apos; 或 &apos;}&apos;</translation>
    </message>
    <message>
        <source>unexpected text after the header dictionary</source>
        <translation>头部字典之后有多余的文本</translation>
    </message>
    <message>
        <source>header dictionary has no &apos;%1&apos; key</source>
        <translation>头部字典中没有 &apos;%1&apos; 键</translation>
    </message>
    <message>
        <source>%1 at offset %2</source>
        <translation>%1（偏移量 %2）</translation>
    </message>
    <message>
        <source>%1: the header ends too early</source>
        <translation>%1：头部提前结束</translation>
    </message>
    <message>
        <source>expected a quoted string as %1</source>
        <translation>%1 应为带引号的字符串</translation>
    </message>
    <message>
        <source>escape sequences are not supported in header</source>
        <translation>头部中不支持转义序列</translation>
    </message>
    <message>
        <source>unterminated string</source>
        <translation>字符串未结束</translation>
    </message>
    <message>
        <source>structured dtype (a list of named fields) is not supported</source>
        <translation>不支持结构化 dtype（具名字段列表）</translation>
    </message>
    <message>
        <source>&apos;fortran_order&apos; must be True or False</source>
        <translation>&apos;fortran_order&apos; 必须为 True 或 False</translation>
    </message>
    <message>
        <source>&apos;shape&apos; must be a tuple such as (3, 4)</source>
        <translation>&apos;shape&apos; 必须是元组，例如 (3, 4)</translation>
    </message>
    <message>
        <source>negative dimension in &apos;shape&apos;</source>
        <translation>&apos;shape&apos; 中有负的维度</translation>
    </message>
    <message>
        <source>expected a dimension in &apos;shape&apos;</source>
        <translation>&apos;shape&apos; 中应为维度值</translation>
    </message>
    <message>
        <source>dimension in &apos;shape&apos; does not fit in 64 bits</source>
        <translation>&apos;shape&apos; 中的维度超出 64 位范围</translation>
    </message>
    <message>
        <source>expected &apos;,&apos; or &apos;)&apos; in &apos;shape&apos;</source>
        <translation>&apos;shape&apos; 中应为 &apos;,&apos; 或 &apos;)&apos;</translation>
    </message>
    <message>
        <source>not a .npy file: it does not start with the bytes \x93NUMPY</source>
        <translation>不是 .npy 文件：开头不是字节 \x93NUMPY</translation>
    </message>
    <message>
        <source>file ends after %1 bytes, inside the .npy preamble</source>
        <translation>文件仅 %1 字节，在 .npy 前导区内就已结束</translation>
    </message>
    <message>
        <source>unsupported .npy format version %1.%2 at offset 6 (1.0, 2.0 and 3.0 are supported)</source>
        <translation>偏移量 6 处：不支持的 .npy 格式版本 %1.%2（支持 1.0、2.0 和 3.0）</translation>
    </message>
    <message>
        <source>file ends after %1 bytes, inside the .npy preamble of %2 bytes</source>
        <translation>文件仅 %1 字节，在 %2 字节的 .npy 前导区内就已结束</translation>
    </message>
    <message>
        <source>header length %1 at offset 8 is implausibly large</source>
        <translation>偏移量 8 处的头部长度 %1 大得不合理</translation>
    </message>
    <message>
        <source>header of %1 bytes at offset %2 runs past the end of the file (%3 bytes)</source>
        <translation>偏移量 %2 处 %1 字节的头部超出了文件末尾（文件共 %3 字节）</translation>
    </message>
    <message>
        <source>header of %1 bytes at offset %2 runs past the end of the data read (%3 bytes)</source>
        <translation>偏移量 %2 处 %1 字节的头部超出了已读取数据的末尾（共 %3 字节）</translation>
    </message>
    <message>
        <source>shape %1 has more elements than fit in 64 bits</source>
        <translation>形状 %1 的元素数量超出 64 位范围</translation>
    </message>
    <message>
        <source>shape %1 of %2 needs more bytes than fit in 64 bits</source>
        <translation>形状 %1（%2）所需的字节数超出 64 位范围</translation>
    </message>
    <message>
        <source>header declares %1 elements of %2 (%3 bytes) but only %4 bytes follow the header at offset %5</source>
        <translation>头部声明了 %1 个 %2 元素（%3 字节），但偏移量 %5 处的头部之后只有 %4 字节</translation>
    </message>
    <message>
        <source>%1: no arrays to write</source>
        <translation>%1：没有要写入的数组</translation>
    </message>
    <message>
        <source>%1: an array has an empty name</source>
        <translation>%1：有数组的名称为空</translation>
    </message>
    <message>
        <source>%1: the name &apos;%2&apos; is used twice</source>
        <translation>%1：名称 &apos;%2&apos; 被使用了两次</translation>
    </message>
    <message>
        <source>%1: cannot create %2: %3</source>
        <translation>%1：无法创建 %2：%3</translation>
    </message>
    <message>
        <source>%1: cannot add &apos;%2&apos;: %3</source>
        <translation>%1：无法添加 &apos;%2&apos;：%3</translation>
    </message>
    <message>
        <source>%1: cannot store &apos;%2&apos;: %3</source>
        <translation>%1：无法存储 &apos;%2&apos;：%3</translation>
    </message>
    <message>
        <source>%1: cannot replace the file: %2</source>
        <translation>%1：无法替换文件：%2</translation>
    </message>
    <message>
        <source>%1: no such file</source>
        <translation>%1：文件不存在</translation>
    </message>
    <message>
        <source>%1: is a directory, not an .npz file</source>
        <translation>%1：是目录，不是 .npz 文件</translation>
    </message>
    <message>
        <source>%1: not a valid .npz (ZIP) archive: %2</source>
        <translation>%1：不是有效的 .npz（ZIP）归档：%2</translation>
    </message>
    <message>
        <source>%1: cannot read the entry: %2</source>
        <translation>%1：无法读取条目：%2</translation>
    </message>
    <message>
        <source>%1: the entry claims an absurd size</source>
        <translation>%1：条目声称的大小不合理</translation>
    </message>
    <message>
        <source>%1: the entry claims %2 bytes from %3 stored bytes</source>
        <translation>%1：条目声称由 %3 字节的存储数据解出 %2 字节</translation>
    </message>
    <message>
        <source>%1: cannot open the entry: %2</source>
        <translation>%1：无法打开条目：%2</translation>
    </message>
    <message>
        <source>cannot read the entry: %1</source>
        <translation>无法读取条目：%1</translation>
    </message>
    <message>
        <source>%1: no array named &apos;%2&apos; (it holds: %3)</source>
        <translation>%1：没有名为 &apos;%2&apos; 的数组（其中包含：%3）</translation>
    </message>
    <message>
        <source>pickle opcode %1 at byte offset %2: %3</source>
        <translation>字节偏移量 %2 处的 pickle 操作码 %1：%3</translation>
    </message>
    <message>
        <source>more than %1 values</source>
        <translation>值超过 %1 个</translation>
    </message>
    <message>
        <source>stack deeper than %1</source>
        <translation>栈深度超过 %1</translation>
    </message>
    <message>
        <source>the pickle ends without a STOP opcode (truncated file?)</source>
        <translation>pickle 没有 STOP 操作码就结束了（文件被截断？）</translation>
    </message>
    <message>
        <source>truncated</source>
        <translation>数据被截断</translation>
    </message>
    <message>
        <source>unsupported pickle protocol %1</source>
        <translation>不支持的 pickle 协议 %1</translation>
    </message>
    <message>
        <source>STOP with %1 values on the stack (corrupt pickle)</source>
        <translation>STOP 时栈上有 %1 个值（pickle 已损坏）</translation>
    </message>
    <message>
        <source>stack underflow</source>
        <translation>栈下溢</translation>
    </message>
    <message>
        <source>no mark</source>
        <translation>没有标记</translation>
    </message>
    <message>
        <source>integer of %1 bytes runs past the end</source>
        <translation>%1 字节的整数超出了末尾</translation>
    </message>
    <message>
        <source>unterminated line</source>
        <translation>行未结束</translation>
    </message>
    <message>
        <source>bad or too large integer &apos;%1&apos;</source>
        <translation>整数 &apos;%1&apos; 无效或过大</translation>
    </message>
    <message>
        <source>bad float &apos;%1&apos;</source>
        <translation>浮点数 &apos;%1&apos; 无效</translation>
    </message>
    <message>
        <source>string of %1 bytes runs past the end</source>
        <translation>%1 字节的字符串超出了末尾</translation>
    </message>
    <message>
        <source>string is not quoted</source>
        <translation>字符串没有引号</translation>
    </message>
    <message>
        <source>odd number of items for a dict</source>
        <translation>字典的项数为奇数</translation>
    </message>
    <message>
        <source>APPEND to something not a list</source>
        <translation>对非列表执行 APPEND</translation>
    </message>
    <message>
        <source>appending items to something not a list or set</source>
        <translation>向非列表或集合的对象追加项</translation>
    </message>
    <message>
        <source>SETITEM on something not a dict</source>
        <translation>对非字典执行 SETITEM</translation>
    </message>
    <message>
        <source>odd number of items for SETITEMS</source>
        <translation>SETITEMS 的项数为奇数</translation>
    </message>
    <message>
        <source>SETITEMS on something not a dict</source>
        <translation>对非字典执行 SETITEMS</translation>
    </message>
    <message>
        <source>bad memo index</source>
        <translation>memo 索引无效</translation>
    </message>
    <message>
        <source>nothing to memoize</source>
        <translation>没有可存入 memo 的值</translation>
    </message>
    <message>
        <source>more than %1 memo entries</source>
        <translation>memo 条目超过 %1 个</translation>
    </message>
    <message>
        <source>memo entry %1 was never stored</source>
        <translation>memo 条目 %1 从未存储过</translation>
    </message>
    <message>
        <source>unterminated global name</source>
        <translation>全局名称未结束</translation>
    </message>
    <message>
        <source>global names are not strings</source>
        <translation>全局名称不是字符串</translation>
    </message>
    <message>
        <source>arguments are not a tuple</source>
        <translation>参数不是元组</translation>
    </message>
    <message>
        <source>keyword arguments are not supported</source>
        <translation>不支持关键字参数</translation>
    </message>
    <message>
        <source>no class</source>
        <translation>没有类</translation>
    </message>
    <message>
        <source>cannot set the state of a plain value</source>
        <translation>无法设置普通值的状态</translation>
    </message>
    <message>
        <source>unterminated persistent id</source>
        <translation>持久化 id 未结束</translation>
    </message>
    <message>
        <source>extension registry codes (EXT1/2/4) are not allowed</source>
        <translation>不允许使用扩展注册码（EXT1/2/4）</translation>
    </message>
    <message>
        <source>out-of-band buffers are not supported</source>
        <translation>不支持带外缓冲区</translation>
    </message>
    <message>
        <source>unknown opcode (corrupt or not a pickle)</source>
        <translation>未知操作码（已损坏或不是 pickle）</translation>
    </message>
    <message>
        <source>%1: not a .safetensors file: %2 bytes, shorter than the 8-byte header length</source>
        <translation>%1：不是 .safetensors 文件：仅 %2 字节，短于 8 字节的头部长度字段</translation>
    </message>
    <message>
        <source>%1: header length %2 exceeds the 100 MB limit (corrupt or not a .safetensors file)</source>
        <translation>%1：头部长度 %2 超过 100 MB 上限（文件已损坏或不是 .safetensors 文件）</translation>
    </message>
    <message>
        <source>%1: header length %2 runs past the end of the %3-byte file (truncated?)</source>
        <translation>%1：头部长度 %2 超出了 %3 字节文件的末尾（文件被截断？）</translation>
    </message>
    <message>
        <source>%1: header is not valid UTF-8 (byte offset %2)</source>
        <translation>%1：头部不是有效的 UTF-8（字节偏移量 %2）</translation>
    </message>
    <message>
        <source>%1: header does not start with &apos;{&apos; (byte offset 8)</source>
        <translation>%1：头部不以 &apos;{&apos; 开头（字节偏移量 8）</translation>
    </message>
    <message>
        <source>%1: header is not valid JSON: %2 at byte offset %3</source>
        <translation>%1：头部不是有效的 JSON：%2（字节偏移量 %3）</translation>
    </message>
    <message>
        <source>%1: header is not a JSON object</source>
        <translation>%1：头部不是 JSON 对象</translation>
    </message>
    <message>
        <source>%1: __metadata__ must be an object of strings</source>
        <translation>%1：__metadata__ 必须是值均为字符串的对象</translation>
    </message>
    <message>
        <source>%1: __metadata__ value of &apos;%2&apos; is not a string</source>
        <translation>%1：__metadata__ 中 &apos;%2&apos; 的值不是字符串</translation>
    </message>
    <message>
        <source>%1: tensor &apos;%2&apos;: entry is not an object</source>
        <translation>%1：张量 &apos;%2&apos;：条目不是对象</translation>
    </message>
    <message>
        <source>%1: tensor &apos;%2&apos;: missing or non-string dtype</source>
        <translation>%1：张量 &apos;%2&apos;：缺少 dtype，或 dtype 不是字符串</translation>
    </message>
    <message>
        <source>%1: tensor &apos;%2&apos;: unsupported dtype &apos;%3&apos;</source>
        <translation>%1：张量 &apos;%2&apos;：不支持的 dtype &apos;%3&apos;</translation>
    </message>
    <message>
        <source>%1: tensor &apos;%2&apos;: missing shape</source>
        <translation>%1：张量 &apos;%2&apos;：缺少形状</translation>
    </message>
    <message>
        <source>%1: tensor &apos;%2&apos;: shape entries must be non-negative integers</source>
        <translation>%1：张量 &apos;%2&apos;：形状的各项必须是非负整数</translation>
    </message>
    <message>
        <source>%1: tensor &apos;%2&apos;: shape overflows</source>
        <translation>%1：张量 &apos;%2&apos;：形状溢出</translation>
    </message>
    <message>
        <source>%1: tensor &apos;%2&apos;: data_offsets must be two non-negative integers</source>
        <translation>%1：张量 &apos;%2&apos;：data_offsets 必须是两个非负整数</translation>
    </message>
    <message>
        <source>%1: tensor &apos;%2&apos;: data_offsets end before they begin</source>
        <translation>%1：张量 &apos;%2&apos;：data_offsets 的结束位置在起始位置之前</translation>
    </message>
    <message>
        <source>%1: tensor &apos;%2&apos;: %3 bytes do not hold shape %4 of %5</source>
        <translation>%1：张量 &apos;%2&apos;：%3 字节与形状 %4、类型 %5 不相符</translation>
    </message>
    <message>
        <source>%1: tensor &apos;%2&apos; starts at data offset %3 instead of %4 (overlap)</source>
        <translation>%1：张量 &apos;%2&apos; 起始于数据偏移量 %3，而不是 %4（有重叠）</translation>
    </message>
    <message>
        <source>%1: tensor &apos;%2&apos; starts at data offset %3 instead of %4 (hole)</source>
        <translation>%1：张量 &apos;%2&apos; 起始于数据偏移量 %3，而不是 %4（有空洞）</translation>
    </message>
    <message>
        <source>%1: the header describes %2 bytes but the file has %3 (truncated?)</source>
        <translation>%1：头部描述了 %2 字节，但文件只有 %3 字节（文件被截断？）</translation>
    </message>
    <message>
        <source>%1: the header describes %2 bytes but the file has %3</source>
        <translation>%1：头部描述了 %2 字节，但文件有 %3 字节</translation>
    </message>
    <message>
        <source>%1: the tensor name &apos;%2&apos; is reserved or used twice</source>
        <translation>%1：张量名 &apos;%2&apos; 为保留名或被使用了两次</translation>
    </message>
    <message>
        <source>%1: holds no tensors</source>
        <translation>%1：不包含任何张量</translation>
    </message>
    <message>
        <source>%1: holds several tensors (%2); name one as %1:NAME</source>
        <translation>%1：包含多个张量（%2）；请用 %1:NAME 指定其中一个</translation>
    </message>
    <message>
        <source>%1: is a directory, not a tensor file</source>
        <translation>%1：是目录，不是张量文件</translation>
    </message>
    <message>
        <source>%1: cannot open</source>
        <translation>%1：无法打开</translation>
    </message>
    <message>
        <source>%1: zip archive with neither .npy members nor data.pkl</source>
        <translation>%1：zip 归档中既没有 .npy 成员，也没有 data.pkl</translation>
    </message>
    <message>
        <source>%1: unrecognised tensor file (AttnScope reads .npy, .npz, .safetensors, PyTorch .pt/.pth/.bin and .gguf files)</source>
        <translation>%1：无法识别的张量文件（AttnScope 可读取 .npy、.npz、.safetensors、PyTorch .pt/.pth/.bin 和 .gguf 文件）</translation>
    </message>
    <message>
        <source>choose a tensor for %1</source>
        <translation>请为 %1 选择一个张量</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has %2 axes; %3 need %4</source>
        <translation>&apos;%1&apos; 有 %2 个轴；%3 需要 %4 个</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has %2 axes; %3 need %4 to %5</source>
        <translation>&apos;%1&apos; 有 %2 个轴；%3 需要 %4 到 %5 个</translation>
    </message>
    <message>
        <source>attention maps</source>
        <translation>注意力图</translation>
    </message>
    <message>
        <source>per-query-block vectors</source>
        <translation>逐查询块向量</translation>
    </message>
    <message>
        <source>%1: the tar-based format of PyTorch before 0.4 is not supported</source>
        <translation>%1：不支持 PyTorch 0.4 之前基于 tar 的格式</translation>
    </message>
    <message>
        <source>%1: not a PyTorch file (neither a zip archive nor a pickle)</source>
        <translation>%1：不是 PyTorch 文件（既不是 zip 归档，也不是 pickle）</translation>
    </message>
    <message>
        <source>%1: is a TorchScript archive (torch.jit.save), which holds code; save the model&apos;s state_dict() with torch.save and open that instead</source>
        <translation>%1：这是 TorchScript 归档（torch.jit.save），其中包含代码；请用 torch.save 保存模型的 state_dict()，再打开该文件</translation>
    </message>
    <message>
        <source>%1: zip archive without data.pkl: not a file written by torch.save</source>
        <translation>%1：zip 归档中没有 data.pkl：不是由 torch.save 写入的文件</translation>
    </message>
    <message>
        <source>%1: unknown byteorder record &apos;%2&apos;</source>
        <translation>%1：未知的 byteorder 记录 &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1: invalid version record</source>
        <translation>%1：version 记录无效</translation>
    </message>
    <message>
        <source>%1: %2: %3</source>
        <translation>%1：%2：%3</translation>
    </message>
    <message>
        <source>%1: storage &apos;%2&apos; is missing (%3)</source>
        <translation>%1：缺少存储 &apos;%2&apos;（%3）</translation>
    </message>
    <message>
        <source>%1: storage &apos;%2&apos; holds %3 bytes, fewer than the %4 its tensors need</source>
        <translation>%1：存储 &apos;%2&apos; 只有 %3 字节，少于其张量所需的 %4 字节</translation>
    </message>
    <message>
        <source>%1: not a PyTorch file: %2</source>
        <translation>%1：不是 PyTorch 文件：%2</translation>
    </message>
    <message>
        <source>%1: a pickle, but not a PyTorch file (no torch.save magic number)</source>
        <translation>%1：是 pickle，但不是 PyTorch 文件（没有 torch.save 魔数）</translation>
    </message>
    <message>
        <source>%1: unsupported legacy protocol version</source>
        <translation>%1：不支持的旧版协议版本</translation>
    </message>
    <message>
        <source>%1: invalid sys_info record</source>
        <translation>%1：sys_info 记录无效</translation>
    </message>
    <message>
        <source>%1: invalid storage key list</source>
        <translation>%1：存储键列表无效</translation>
    </message>
    <message>
        <source>%1: storage &apos;%2&apos; is not used by any tensor</source>
        <translation>%1：存储 &apos;%2&apos; 未被任何张量使用</translation>
    </message>
    <message>
        <source>%1: storage &apos;%2&apos; is stored twice</source>
        <translation>%1：存储 &apos;%2&apos; 被存放了两次</translation>
    </message>
    <message>
        <source>%1: file ends before storage &apos;%2&apos; (byte offset %3, truncated?)</source>
        <translation>%1：文件在存储 &apos;%2&apos; 之前就已结束（字节偏移量 %3，文件被截断？）</translation>
    </message>
    <message>
        <source>%1: storage &apos;%2&apos; of %3 elements runs past the end of the file (byte offset %4, truncated?)</source>
        <translation>%1：含 %3 个元素的存储 &apos;%2&apos; 超出了文件末尾（字节偏移量 %4，文件被截断？）</translation>
    </message>
    <message>
        <source>%1: storage &apos;%2&apos; is smaller than its tensors need</source>
        <translation>%1：存储 &apos;%2&apos; 小于其张量所需的大小</translation>
    </message>
    <message>
        <source>%1: storage &apos;%2&apos; is missing from the file</source>
        <translation>%1：文件中缺少存储 &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1: storage &apos;%2&apos; is shorter than its tensors need</source>
        <translation>%1：存储 &apos;%2&apos; 比其张量所需的短</translation>
    </message>
    <message>
        <source>refusing the global &apos;%1&apos;: only tensors, storages, OrderedDict, dicts, lists and plain values are read from PyTorch files (nothing in a file is ever run)</source>
        <translation>拒绝全局名 &apos;%1&apos;：从 PyTorch 文件中只读取张量、存储、OrderedDict、字典、列表和普通值（绝不会运行文件中的任何内容）</translation>
    </message>
    <message>
        <source>refusing to call a value that is not a global</source>
        <translation>拒绝调用不是全局名的值</translation>
    </message>
    <message>
        <source>refusing to call &apos;%1&apos;</source>
        <translation>拒绝调用 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>OrderedDict built from something other than pairs</source>
        <translation>OrderedDict 的构造数据不是键值对</translation>
    </message>
    <message>
        <source>OrderedDict called with unexpected arguments</source>
        <translation>调用 OrderedDict 时传入了意外的参数</translation>
    </message>
    <message>
        <source>torch.Size of non-integers</source>
        <translation>torch.Size 中含有非整数</translation>
    </message>
    <message>
        <source>a parameter is rebuilt from something that is not a tensor</source>
        <translation>参数由非张量的对象重建</translation>
    </message>
    <message>
        <source>a tensor is rebuilt without a storage</source>
        <translation>张量重建时没有存储</translation>
    </message>
    <message>
        <source>a tensor has an invalid storage offset</source>
        <translation>张量的存储偏移无效</translation>
    </message>
    <message>
        <source>a tensor has an invalid size or stride</source>
        <translation>张量的大小或步长无效</translation>
    </message>
    <message>
        <source>a tensor has a negative size or stride %1</source>
        <translation>张量的大小或步长 %1 为负</translation>
    </message>
    <message>
        <source>a tensor&apos;s shape is absurdly large</source>
        <translation>张量的形状大得不合理</translation>
    </message>
    <message>
        <source>tensor view %1 at offset %2 reaches past the end of its storage of %3 elements</source>
        <translation>偏移 %2 处的张量视图 %1 超出了其存储（%3 个元素）的末尾</translation>
    </message>
    <message>
        <source>unexpected persistent id</source>
        <translation>意外的持久化 id</translation>
    </message>
    <message>
        <source>unsupported persistent id (only storages are read)</source>
        <translation>不支持的持久化 id（只读取存储）</translation>
    </message>
    <message>
        <source>persistent id names an unsupported storage type</source>
        <translation>持久化 id 指定了不支持的存储类型</translation>
    </message>
    <message>
        <source>persistent id has an invalid storage key or size</source>
        <translation>持久化 id 的存储键或大小无效</translation>
    </message>
    <message>
        <source>persistent id has an invalid storage view</source>
        <translation>持久化 id 的存储视图无效</translation>
    </message>
    <message>
        <source>storage &apos;%1&apos; is named with two different dtypes</source>
        <translation>存储 &apos;%1&apos; 被指定了两种不同的 dtype</translation>
    </message>
    <message>
        <source>too many storages</source>
        <translation>存储过多</translation>
    </message>
    <message>
        <source>the pickled object is too large to list</source>
        <translation>pickle 对象过大，无法列出</translation>
    </message>
    <message>
        <source>containers nested deeper than %1 levels</source>
        <translation>容器嵌套超过 %1 层</translation>
    </message>
    <message>
        <source>too many tensors</source>
        <translation>张量过多</translation>
    </message>
    <message>
        <source>%1: cannot read the archive: %2</source>
        <translation>%1：无法读取归档：%2</translation>
    </message>
    <message>
        <source>%1: not a valid ZIP archive: %2</source>
        <translation>%1：不是有效的 ZIP 归档：%2</translation>
    </message>
    <message>
        <source>%1: the archive has no entry &apos;%2&apos;</source>
        <translation>%1：归档中没有条目 &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1: cannot read entry &apos;%2&apos;: %3</source>
        <translation>%1：无法读取条目 &apos;%2&apos;：%3</translation>
    </message>
    <message>
        <source>%1: entry &apos;%2&apos; claims %3 bytes, more than the %4 expected</source>
        <translation>%1：条目 &apos;%2&apos; 声称有 %3 字节，多于预期的 %4 字节</translation>
    </message>
    <message>
        <source>%1: entry &apos;%2&apos; claims %3 bytes from %4 stored bytes</source>
        <translation>%1：条目 &apos;%2&apos; 声称由 %4 字节的存储数据解出 %3 字节</translation>
    </message>
    <message>
        <source>%1: cannot open entry &apos;%2&apos;: %3</source>
        <translation>%1：无法打开条目 &apos;%2&apos;：%3</translation>
    </message>
    <message>
        <source>the entry is longer than it claims</source>
        <translation>条目比声称的长</translation>
    </message>
    <message>
        <source>%1: entry &apos;%2&apos; is shorter than it claims (truncated?)</source>
        <translation>%1：条目 &apos;%2&apos; 比声称的短（文件被截断？）</translation>
    </message>
    <message>
        <source>no arguments</source>
        <translation>0 个参数</translation>
    </message>
    <message>
        <source>one or more arguments (%1)</source>
        <translation>一个或多个参数（%1）</translation>
    </message>
    <message>
        <source>%1 argument (%2)</source>
        <translation>%1 个参数（%2）</translation>
    </message>
    <message>
        <source>%1 arguments (%2)</source>
        <translation>%1 个参数（%2）</translation>
    </message>
    <message>
        <source>%1 or %2 arguments (%3)</source>
        <translation>%1 或 %2 个参数（%3）</translation>
    </message>
    <message>
        <source>%1 at column %2: %3</source>
        <translation>%1（第 %2 列）：%3</translation>
    </message>
    <message>
        <source>%1 must be &gt;= %2, got %3</source>
        <translation>%1 必须 &gt;= %2，实际为 %3</translation>
    </message>
    <message>
        <source>chunk size C</source>
        <translation>块大小 C</translation>
    </message>
    <message>
        <source>prefix length P</source>
        <translation>前缀长度 P</translation>
    </message>
    <message>
        <source>dilation D</source>
        <translation>空洞间隔 D</translation>
    </message>
    <message>
        <source>document %1 has length %2, lengths must be &gt;= 1</source>
        <translation>文档 %1 的长度为 %2，长度必须 &gt;= 1</translation>
    </message>
    <message>
        <source>document lengths sum to %1 but Lk (kv_offset + kv_len) is %2</source>
        <translation>文档长度之和为 %1，但 Lk（kv_offset + kv_len）为 %2</translation>
    </message>
    <message>
        <source>needs one block id per position: got %1 ids but Lk (kv_offset + kv_len) is %2</source>
        <translation>每个位置需要一个块 id：实际有 %1 个 id，但 Lk（kv_offset + kv_len）为 %2</translation>
    </message>
    <message>
        <source>needs 1 length or one per batch element: got %1 lengths but batch is %2</source>
        <translation>需要 1 个长度或每个批次元素一个长度：实际有 %1 个长度，但批大小为 %2</translation>
    </message>
    <message>
        <source>length %1 of batch element %2 is outside [0, Lk = %3]</source>
        <translation>批次元素 %2 的长度 %1 超出 [0, Lk = %3]</translation>
    </message>
    <message>
        <source>n*(t+s)+g = %1 but Lk (kv_offset + kv_len) is %2</source>
        <translation>n*(t+s)+g = %1，但 Lk（kv_offset + kv_len）为 %2</translation>
    </message>
    <message>
        <source>batch must be &gt;= 1, got %1</source>
        <translation>批大小必须 &gt;= 1，实际为 %1</translation>
    </message>
    <message>
        <source>query and key lengths must be &gt;= 0, got Lq = %1, Lk = %2</source>
        <translation>查询和键的长度必须 &gt;= 0，实际为 Lq = %1，Lk = %2</translation>
    </message>
    <message>
        <source>offsets must be &gt;= 0, got q_offset = %1, kv_offset = %2</source>
        <translation>偏移必须 &gt;= 0，实际为 q_offset = %1，kv_offset = %2</translation>
    </message>
    <message>
        <source>empty expression, expected an atom such as causal; valid atoms are: %1</source>
        <translation>表达式为空，应为原子，例如 causal；有效的原子有：%1</translation>
    </message>
    <message>
        <source>expected &apos;&amp;&apos;, &apos;|&apos; or end of expression, found %1</source>
        <translation>应为 &apos;&amp;&apos;、&apos;|&apos; 或表达式结尾，实际为 %1</translation>
    </message>
    <message>
        <source>end of expression</source>
        <translation>表达式结尾</translation>
    </message>
    <message>
        <source>number %1</source>
        <translation>数字 %1</translation>
    </message>
    <message>
        <source>column %1: %2</source>
        <translation>第 %1 列：%2</translation>
    </message>
    <message>
        <source>expression nested too deeply</source>
        <translation>表达式嵌套过深</translation>
    </message>
    <message>
        <source>expected &apos;)&apos; to close &apos;(&apos; at column %1, found %2</source>
        <translation>应为 &apos;)&apos; 以闭合第 %1 列的 &apos;(&apos;，实际为 %2</translation>
    </message>
    <message>
        <source>expected an atom, &apos;!&apos; or &apos;(&apos;, found %1</source>
        <translation>应为原子、&apos;!&apos; 或 &apos;(&apos;，实际为 %1</translation>
    </message>
    <message>
        <source>unknown atom &apos;%1&apos;; valid atoms are: %2</source>
        <translation>未知原子 &apos;%1&apos;；有效的原子有：%2</translation>
    </message>
    <message>
        <source>expected &apos;)&apos; after arguments of %1, found %2</source>
        <translation>%1 的参数之后应为 &apos;)&apos;，实际为 %2</translation>
    </message>
    <message>
        <source>%1 takes %2, write it as %3</source>
        <translation>%1 接受 %2，请写成 %3</translation>
    </message>
    <message>
        <source>%1 takes %2, got %3</source>
        <translation>%1 接受 %2，实际为 %3 个</translation>
    </message>
    <message>
        <source>expected an integer argument of %1, found %2</source>
        <translation>%1 的参数应为整数，实际为 %2</translation>
    </message>
    <message>
        <source>number %1 is too large (at most 10^15)</source>
        <translation>数字 %1 过大（最大 10^15）</translation>
    </message>
    <message>
        <source>%1: the GGUF file has no GPT-2 %2</source>
        <translation>%1：GGUF 文件中没有 GPT-2 的 %2</translation>
    </message>
    <message>
        <source>%1: the GGUF metadata has no %2</source>
        <translation>%1：GGUF 元数据中没有 %2</translation>
    </message>
    <message>
        <source>%1: the GGUF file has no BERT %2</source>
        <translation>%1：GGUF 文件中没有 BERT 的 %2</translation>
    </message>
    <message>
        <source>no such model: %1</source>
        <translation>模型不存在：%1</translation>
    </message>
    <message>
        <source>%1: GGUF architecture &apos;%2&apos; is not supported (supported in GGUF files: %3; open the Hugging Face folder of other models)</source>
        <translation>%1：不支持 GGUF 架构 &apos;%2&apos;（GGUF 文件支持：%3；其他模型请打开其 Hugging Face 文件夹）</translation>
    </message>
    <message>
        <source>%1: rope scaling &apos;%2&apos; changes attention and is not supported</source>
        <translation>%1：rope 缩放 &apos;%2&apos; 会改变注意力，不受支持</translation>
    </message>
    <message>
        <source>%1: the GGUF file has no %2</source>
        <translation>%1：GGUF 文件中没有 %2</translation>
    </message>
    <message>
        <source>%1: %2 has %3 factors; d_head / 2 = %4</source>
        <translation>%1：%2 有 %3 个因子，而 d_head / 2 = %4</translation>
    </message>
    <message>
        <source>the BERT vocabulary has no unknown token</source>
        <translation>BERT 词表中没有未知词元</translation>
    </message>
    <message>
        <source>%1 is not a model (a Hugging Face folder with config.json, or a .gguf file)</source>
        <translation>%1 不是模型（应为含 config.json 的 Hugging Face 文件夹或 .gguf 文件）</translation>
    </message>
    <message>
        <source>no config.json in %1: not a Hugging Face model folder</source>
        <translation>%1 中没有 config.json：不是 Hugging Face 模型文件夹</translation>
    </message>
    <message>
        <source>the weights of %1 have no &apos;%2&apos; (the %3 layout)</source>
        <translation>%1 的权重中没有 &apos;%2&apos;（%3 布局）</translation>
    </message>
    <message>
        <source>the model&apos;s text is empty</source>
        <translation>模型的文本为空</translation>
    </message>
    <message>
        <source>the model has no usable tokenizer (%1): give token ids</source>
        <translation>模型没有可用的分词器（%1）：请直接给出词元 id</translation>
    </message>
    <message>
        <source>config.json has no &quot;%1&quot;</source>
        <translation>config.json 中没有 &quot;%1&quot;</translation>
    </message>
    <message>
        <source>config.json: &quot;%1&quot; must be a non-negative integer</source>
        <translation>config.json：&quot;%1&quot; 必须是非负整数</translation>
    </message>
    <message>
        <source>config.json: &quot;%1&quot; must be a number</source>
        <translation>config.json：&quot;%1&quot; 必须是数字</translation>
    </message>
    <message>
        <source>config.json: &quot;%1&quot; must be true or false</source>
        <translation>config.json：&quot;%1&quot; 必须为 true 或 false</translation>
    </message>
    <message>
        <source>unsupported activation &apos;%1&apos; (supported: %2)</source>
        <translation>不支持的激活函数 &apos;%1&apos;（支持：%2）</translation>
    </message>
    <message>
        <source>unsupported architecture &apos;%1&apos; (%2 in config.json); supported: %3</source>
        <translation>不支持的架构 &apos;%1&apos;（config.json 中的 %2）；支持：%3</translation>
    </message>
    <message>
        <source>cannot read %1</source>
        <translation>无法读取 %1</translation>
    </message>
    <message>
        <source>%1 is too large for a config.json</source>
        <translation>%1 过大，不像是 config.json</translation>
    </message>
    <message>
        <source>%1: not a JSON object (%2 at offset %3)</source>
        <translation>%1：不是 JSON 对象（%2，位于偏移量 %3）</translation>
    </message>
    <message>
        <source>config.json: the number of layers must be 1 to 1024</source>
        <translation>config.json：层数必须为 1 到 1024</translation>
    </message>
    <message>
        <source>config.json: the hidden size must be 1 to 65536</source>
        <translation>config.json：隐藏层大小必须为 1 到 65536</translation>
    </message>
    <message>
        <source>config.json: the number of heads must be 1 to 1024</source>
        <translation>config.json：头数必须为 1 到 1024</translation>
    </message>
    <message>
        <source>config.json: heads (%1) must be a multiple of kv heads (%2)</source>
        <translation>config.json：头数（%1）必须是 KV 头数（%2）的倍数</translation>
    </message>
    <message>
        <source>config.json: d_head must be 1 to 4096</source>
        <translation>config.json：d_head 必须为 1 到 4096</translation>
    </message>
    <message>
        <source>config.json: the hidden size %1 is not a multiple of %2 heads</source>
        <translation>config.json：隐藏层大小 %1 不是头数 %2 的倍数</translation>
    </message>
    <message>
        <source>config.json: rotary embedding needs an even d_head</source>
        <translation>config.json：旋转位置编码要求 d_head 为偶数</translation>
    </message>
    <message>
        <source>config.json: the intermediate size must be 1 to 1000000</source>
        <translation>config.json：中间层大小必须为 1 到 1000000</translation>
    </message>
    <message>
        <source>config.json: the vocabulary size must be 1 to 10^7</source>
        <translation>config.json：词表大小必须为 1 到 10^7</translation>
    </message>
    <message>
        <source>config.json: max positions must be at least 1</source>
        <translation>config.json：最大位置数必须至少为 1</translation>
    </message>
    <message>
        <source>config.json: the norm epsilon must be in (0, 1]</source>
        <translation>config.json：归一化 epsilon 必须在 (0, 1] 内</translation>
    </message>
    <message>
        <source>the text has no tokens</source>
        <translation>文本中没有词元</translation>
    </message>
    <message>
        <source>%1 tokens are more than the model&apos;s %2 positions (%3 cuts the text)</source>
        <translation>%1 个词元超出了模型的 %2 个位置（%3 可截断文本）</translation>
    </message>
    <message>
        <source>token id %1 at position %2 is outside the vocabulary (0 to %3)</source>
        <translation>位置 %2 处的词元 id %1 超出词表范围（0 到 %3）</translation>
    </message>
    <message>
        <source>out of memory running the model on %1 tokens</source>
        <translation>在 %1 个词元上运行模型时内存不足</translation>
    </message>
    <message>
        <source>%1 is too large</source>
        <translation>%1 过大</translation>
    </message>
    <message>
        <source>%1: not a JSON object at offset %2</source>
        <translation>%1：不是 JSON 对象（偏移量 %2）</translation>
    </message>
    <message>
        <source>%1 has no &quot;%2&quot; object</source>
        <translation>%1 中没有 &quot;%2&quot; 对象</translation>
    </message>
    <message>
        <source>%1: the shard of &apos;%2&apos; is not a file name in the folder</source>
        <translation>%1：&apos;%2&apos; 的分片不是该文件夹中的文件名</translation>
    </message>
    <message>
        <source>%1: the %2 is empty</source>
        <translation>%1：%2 为空</translation>
    </message>
    <message>
        <source>%1 places &apos;%2&apos; in %3, which does not hold it</source>
        <translation>%1 指明 &apos;%2&apos; 位于 %3，但该文件中没有它</translation>
    </message>
    <message>
        <source>no weights in %1: expected model.safetensors, model.safetensors.index.json or pytorch_model.bin</source>
        <translation>%1 中没有权重：应有 model.safetensors、model.safetensors.index.json 或 pytorch_model.bin</translation>
    </message>
    <message>
        <source>the weights of %1 have no tensor &apos;%2&apos;</source>
        <translation>%1 的权重中没有张量 &apos;%2&apos;</translation>
    </message>
    <message>
        <source>weight &apos;%1&apos; has shape %2; the config expects %3</source>
        <translation>权重 &apos;%1&apos; 的形状为 %2；配置要求为 %3</translation>
    </message>
    <message>
        <source>weight &apos;%1&apos; was already taken</source>
        <translation>权重 &apos;%1&apos; 已被使用</translation>
    </message>
    <message>
        <source>layer index %1 is out of range</source>
        <translation>层索引 %1 超出范围</translation>
    </message>
    <message>
        <source>the source has no Q and K</source>
        <translation>数据源没有 Q 和 K</translation>
    </message>
    <message>
        <source>key %1 is outside the %2 keys</source>
        <translation>键 %1 超出 %2 个键的范围</translation>
    </message>
    <message>
        <source>the model has no tokenizer: %1</source>
        <translation>模型没有分词器：%1</translation>
    </message>
    <message>
        <source>the tokenizer&apos;s pattern /%1/ is not a valid regular expression: %2</source>
        <translation>分词器的模式 /%1/ 不是有效的正则表达式：%2</translation>
    </message>
    <message>
        <source>a tokenizer pattern must be {&quot;String&quot;: …} or {&quot;Regex&quot;: …}</source>
        <translation>分词器模式必须为 {&quot;String&quot;: …} 或 {&quot;Regex&quot;: …}</translation>
    </message>
    <message>
        <source>unsupported tokenizer normalizer &apos;%1&apos; (supported: BertNormalizer, NFC, NFD, NFKC, NFKD, Lowercase, StripAccents, Strip, Prepend, Replace, Sequence)</source>
        <translation>不支持的分词器规范化器 &apos;%1&apos;（支持：BertNormalizer, NFC, NFD, NFKC, NFKD, Lowercase, StripAccents, Strip, Prepend, Replace, Sequence）</translation>
    </message>
    <message>
        <source>unknown split behavior &apos;%1&apos; in the tokenizer</source>
        <translation>分词器中有未知的切分行为 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>the Metaspace replacement must be one character</source>
        <translation>Metaspace 的替换字符必须是单个字符</translation>
    </message>
    <message>
        <source>unknown Metaspace prepend_scheme &apos;%1&apos;</source>
        <translation>未知的 Metaspace prepend_scheme &apos;%1&apos;</translation>
    </message>
    <message>
        <source>unsupported tokenizer pre_tokenizer &apos;%1&apos; (supported: BertPreTokenizer, ByteLevel, Split, Digits, Metaspace, Whitespace, WhitespaceSplit, Punctuation, Sequence)</source>
        <translation>不支持的分词器 pre_tokenizer &apos;%1&apos;（支持：BertPreTokenizer, ByteLevel, Split, Digits, Metaspace, Whitespace, WhitespaceSplit, Punctuation, Sequence）</translation>
    </message>
    <message>
        <source>the tokenizer model has no &quot;vocab&quot; object</source>
        <translation>分词器模型中没有 &quot;vocab&quot; 对象</translation>
    </message>
    <message>
        <source>the tokenizer vocabulary gives &apos;%1&apos; the id %2, not a dense id below %3</source>
        <translation>分词器词表给 &apos;%1&apos; 的 id 为 %2，不是小于 %3 的连续 id</translation>
    </message>
    <message>
        <source>the WordPiece unknown token &apos;%1&apos; is not in the vocabulary</source>
        <translation>WordPiece 的未知词元 &apos;%1&apos; 不在词表中</translation>
    </message>
    <message>
        <source>the BPE unknown token &apos;%1&apos; is not in the vocabulary</source>
        <translation>BPE 的未知词元 &apos;%1&apos; 不在词表中</translation>
    </message>
    <message>
        <source>the BPE merge &apos;%1 %2&apos; uses a token that is not in the vocabulary</source>
        <translation>BPE 合并规则 &apos;%1 %2&apos; 使用了不在词表中的词元</translation>
    </message>
    <message>
        <source>the BPE merge &apos;%1&apos; is not a pair</source>
        <translation>BPE 合并规则 &apos;%1&apos; 不是一对词元</translation>
    </message>
    <message>
        <source>BPE dropout makes tokenization random: not supported</source>
        <translation>BPE dropout 会使分词结果随机：不支持</translation>
    </message>
    <message>
        <source>unsupported tokenizer model &apos;%1&apos; (supported: WordPiece, BPE)</source>
        <translation>不支持的分词器模型 &apos;%1&apos;（支持：WordPiece, BPE）</translation>
    </message>
    <message>
        <source>%1 is too large for a tokenizer file</source>
        <translation>%1 过大，不像是分词器文件</translation>
    </message>
    <message>
        <source>no tokenizer in %1: expected tokenizer.json, vocab.txt, or vocab.json and merges.txt</source>
        <translation>%1 中没有分词器：应有 tokenizer.json、vocab.txt，或 vocab.json 加 merges.txt</translation>
    </message>
    <message>
        <source>not a JSON object (%1 at offset %2)</source>
        <translation>不是 JSON 对象（%1，位于偏移量 %2）</translation>
    </message>
    <message>
        <source>the template&apos;s special token &apos;%1&apos; is not among its special_tokens</source>
        <translation>模板中的特殊词元 &apos;%1&apos; 不在其 special_tokens 中</translation>
    </message>
    <message>
        <source>unsupported tokenizer post_processor &apos;%1&apos; (supported: TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel, Sequence)</source>
        <translation>不支持的分词器 post_processor &apos;%1&apos;（支持：TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel, Sequence）</translation>
    </message>
    <message>
        <source>%1 %2 disagrees with &apos;%3&apos;</source>
        <translation>%1 %2 与 &apos;%3&apos; 不一致</translation>
    </message>
    <message>
        <source>%1 needs a backend family (%2)</source>
        <translation>%1 需要指定后端系列（%2）</translation>
    </message>
    <message>
        <source>this build has no %1 backend; using the CPU</source>
        <translation>当前构建没有 %1 后端；改用 CPU</translation>
    </message>
    <message>
        <source>this build has no %1</source>
        <translation>当前构建没有 %1</translation>
    </message>
    <message>
        <source>no OpenCL device found (install a driver&apos;s ICD, e.g. %1)</source>
        <translation>未找到 OpenCL 设备（请安装驱动程序的 ICD，例如 %1）</translation>
    </message>
    <message>
        <source>no OpenCL platform is installed (no ICD in %1; install a driver&apos;s ICD, e.g. %2)</source>
        <translation>未安装 OpenCL 平台（%1 中没有 ICD；请安装驱动程序的 ICD，例如 %2）</translation>
    </message>
    <message>
        <source>Q, K and V must be %1; got Q %2, K %3, V %4</source>
        <translation>Q、K 和 V 必须为 %1；实际为 Q %2，K %3，V %4</translation>
    </message>
    <message>
        <source>the GGUF file has no %1</source>
        <translation>GGUF 文件中没有 %1</translation>
    </message>
    <message>
        <source>%1 is not a list of strings</source>
        <translation>%1 不是字符串列表</translation>
    </message>
    <message>
        <source>%1 &apos;%2&apos; is not supported (supported: %3)</source>
        <translation>不支持 %1 &apos;%2&apos;（支持：%3）</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not a pair</source>
        <translation>%1：&apos;%2&apos; 不是一对</translation>
    </message>
    <message>
        <source>%1 &apos;%2&apos; is not supported in GGUF files (supported: %3)</source>
        <translation>GGUF 文件中不支持 %1 &apos;%2&apos;（支持：%3）</translation>
    </message>
    <message>
        <source>config.json: &quot;%1&quot; must be an object</source>
        <translation>config.json：&quot;%1&quot; 必须是对象</translation>
    </message>
    <message>
        <source>unsupported %1 type &apos;%2&apos;: it changes attention (supported: %3)</source>
        <translation>不支持的 %1 类型 &apos;%2&apos;：它会改变注意力（支持：%3）</translation>
    </message>
    <message>
        <source>config.json: %1 needs %2 &gt; 0, %3 &gt; %4 and %5 &gt; 0</source>
        <translation>config.json：%1 要求 %2 &gt; 0、%3 &gt; %4 且 %5 &gt; 0</translation>
    </message>
    <message>
        <source>config.json has no &quot;%1&quot; (supported: %2)</source>
        <translation>config.json 中没有 &quot;%1&quot;（支持：%2）</translation>
    </message>
    <message>
        <source>unsupported %1 &apos;%2&apos;: it changes attention (supported: %3)</source>
        <translation>不支持的 %1 &apos;%2&apos;：它会改变注意力（支持：%3）</translation>
    </message>
    <message>
        <source>config.json: %1 must not be negative</source>
        <translation>config.json：%1 不能为负</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>未运行</translation>
    </message>
    <message>
        <source>internal error</source>
        <translation>内部错误</translation>
    </message>
    <message>
        <source>%1 length %2 runs past the end of the file (%3 bytes left)</source>
        <translation>%1长度 %2 超出文件末尾（仅剩 %3 字节）</translation>
    </message>
    <message>
        <source>config.json: &quot;%1&quot; must be a string</source>
        <translation>config.json：&quot;%1&quot; 必须是字符串</translation>
    </message>
    <message>
        <source>CPU (Eigen + OpenBLAS sgemm), %1 threads</source>
        <translation>CPU（Eigen + OpenBLAS sgemm），%1 个线程</translation>
    </message>
    <message>
        <source>CPU (Eigen), %1 threads</source>
        <translation>CPU（Eigen），%1 个线程</translation>
    </message>
    <message>
        <source>attention maps from a file</source>
        <translation>来自文件的注意力图</translation>
    </message>
    <message>
        <source>%1 cannot hold the scores of %2 query rows over %3 keys</source>
        <translation>%1 无法容纳 %2 个查询行对 %3 个键的得分</translation>
    </message>
    <message>
        <source>out of memory for the pooled pass on %1 tokens</source>
        <translation>内存不足，无法对 %1 个词元进行池化计算</translation>
    </message>
    <message>
        <source>the map&apos;s size must be 0 to 1024 cells each way</source>
        <translation>小图每个方向的大小必须为 0 到 1024 个单元</translation>
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
        <source>Head %1 — scroll to zoom, drag to pan</source>
        <translation>头 %1 — 滚轮缩放，拖动平移</translation>
    </message>
    <message>
        <source>%1 needs the materialised attention steps, which this trace does not hold.

L = %2 × %3 with %4 heads is on the pooled path: %5.

The Flowchart, Heads, Sinks and Atlas tabs show it; `attnscope compute --pooled` writes its pooled results.</source>
        <translation>%1 需要完整展开的注意力各步骤，而此计算结果没有保存它们。

L = %2 × %3、共 %4 个头，走的是池化路径：%5。

“流程图”“各头”“汇聚”和“图谱”标签页可以显示它；`attnscope compute --pooled` 可写出其池化结果。</translation>
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
        <source>%1 × %2 cells of %3 × %4 %5%6.&lt;br&gt;Colour and height: %7, range %8 to %9 over this head (the 2D heatmaps&apos; rule).</source>
        <translation>%1 × %2 个单元格，来自 %3 × %4 个%5%6。&lt;br&gt;颜色与高度：%7，范围 %8 到 %9，取本头的值（规则与二维热力图相同）。</translation>
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
