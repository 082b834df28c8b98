// The cache of freed large buffers: a shape that is edited again reuses its memory, a shape that
// is gone hands it back (issue 12: RSS stayed at 5.6 GB after L = 4096 went back to 304 tokens).

#include <QtTest>

#include "core/common/Array.h"

using namespace attnscope;

class TestBufferCache : public QObject {
    Q_OBJECT
private slots:
    void sameShapeIsReused() {
        const std::size_t before = detail::cachedBufferBytes();
        const Shape big{3, 512, 512};  // 3 MiB
        {
            Tensor a(big);
            a[0] = 1;
        }  // freed: nobody has asked for this size since, apart from itself
        const std::size_t cached = detail::cachedBufferBytes();
        QCOMPARE(cached, before + std::size_t(3 << 20));
        {
            Tensor again(big);  // taken from the cache
            QCOMPARE(detail::cachedBufferBytes(), before);
        }
        QCOMPARE(detail::cachedBufferBytes(), cached);
    }

    void goneShapeIsHandedBack() {
        const Shape old{5, 512, 512};  // 5 MiB: the long sequence
        std::vector<Tensor> held;
        for (int i = 0; i < 3; ++i) held.emplace_back(old);
        const std::size_t before = detail::cachedBufferBytes();
        // The user goes on at another shape: many traces of other sizes.
        for (int i = 0; i < 40; ++i) Tensor small(Shape{1 + i % 2, 1024, 1024});
        const std::size_t steady = detail::cachedBufferBytes();
        QVERIFY(steady >= before);
        held.clear();  // the old trace goes: its buffers are not kept
        QCOMPARE(detail::cachedBufferBytes(), steady);
    }
};

QTEST_APPLESS_MAIN(TestBufferCache)
#include "tst_buffercache.moc"
