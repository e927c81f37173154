#include "plot/stream_store.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mlwb::plot {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr Bounds kNoBounds{kInf, -kInf, kInf, -kInf};

bool isFinite(const Point& p) { return std::isfinite(p.x) && std::isfinite(p.y); }

void extend(Bounds& b, const Point& p)
{
    b.minX = std::min(b.minX, p.x);
    b.maxX = std::max(b.maxX, p.x);
    b.minY = std::min(b.minY, p.y);
    b.maxY = std::max(b.maxY, p.y);
}

// The kept indices of one bucket in index order, without repeats.
template <typename Emit>
void emitBucket(std::int64_t (&indices)[6], Emit emit)
{
    std::sort(std::begin(indices), std::end(indices));
    const auto end = std::unique(std::begin(indices), std::end(indices));
    for (auto it = std::begin(indices); it != end; ++it)
        emit(*it);
}

} // namespace

std::vector<Point> decimateMinMax(std::span<const Point> points, std::int64_t width, std::int64_t firstIndex)
{
    // A plain scan, written apart from StreamStore on purpose: the tests hold one against the other.
    std::vector<Point> out;
    const auto n = static_cast<std::int64_t>(points.size());
    std::int64_t pos = 0;
    while (pos < n) {
        const std::int64_t bucket = (firstIndex + pos) / width;
        const std::int64_t end = std::min(n, (bucket + 1) * width - firstIndex);
        std::int64_t first = -1, last = -1, minX = -1, maxX = -1, minY = -1, maxY = -1;
        for (std::int64_t k = pos; k < end; ++k) {
            const Point& p = points[std::size_t(k)];
            if (!isFinite(p))
                continue;
            if (first < 0)
                first = minX = maxX = minY = maxY = k;
            last = k;
            if (p.x < points[std::size_t(minX)].x) minX = k;
            if (p.x > points[std::size_t(maxX)].x) maxX = k;
            if (p.y < points[std::size_t(minY)].y) minY = k;
            if (p.y > points[std::size_t(maxY)].y) maxY = k;
        }
        if (first >= 0) {
            std::int64_t kept[6] = {first, last, minX, maxX, minY, maxY};
            emitBucket(kept, [&](std::int64_t k) { out.push_back(points[std::size_t(k)]); });
        }
        pos = end;
    }
    return out;
}

StreamStore::StreamStore(std::int64_t keepLast, int viewBuckets)
    : keepLast_(std::max<std::int64_t>(0, keepLast)), viewBuckets_(std::max(1, viewBuckets))
{
}

const Point& StreamStore::ref(std::int64_t index) const
{
    const std::int64_t offset = index - chunkBase_;
    return chunks_[std::size_t(offset / kChunk)].points[std::size_t(offset % kChunk)];
}

void StreamStore::clear()
{
    chunks_.clear();
    buckets_.clear();
    chunkBase_ = begin_ = end_ = bucketBase_ = 0;
    width_ = 1;
    xIncreasing_ = true;
    lastX_ = -std::numeric_limits<double>::infinity();
}

void StreamStore::addToBucket(Bucket& b, std::int64_t i, const Point& p) const
{
    if (!isFinite(p))
        return;
    if (b.first < 0) {
        b.first = b.last = b.minX = b.maxX = b.minY = b.maxY = i;
        b.lowX = b.highX = p.x;
        b.lowY = b.highY = p.y;
        return;
    }
    b.last = i;
    // Strict comparisons: the earliest of equal extremes is kept, as decimateMinMax does.
    if (p.x < b.lowX) { b.minX = i; b.lowX = p.x; }
    if (p.x > b.highX) { b.maxX = i; b.highX = p.x; }
    if (p.y < b.lowY) { b.minY = i; b.lowY = p.y; }
    if (p.y > b.highY) { b.maxY = i; b.highY = p.y; }
}

StreamStore::Bucket StreamStore::merged(const Bucket& a, const Bucket& b) const
{
    if (a.first < 0)
        return b;
    if (b.first < 0)
        return a;
    Bucket m = a;
    m.last = b.last;
    if (b.lowX < a.lowX) { m.minX = b.minX; m.lowX = b.lowX; }
    if (b.highX > a.highX) { m.maxX = b.maxX; m.highX = b.highX; }
    if (b.lowY < a.lowY) { m.minY = b.minY; m.lowY = b.lowY; }
    if (b.highY > a.highY) { m.maxY = b.maxY; m.highY = b.highY; }
    return m;
}

void StreamStore::append(std::span<const Point> block)
{
    if (keepLast_ > 0 && std::int64_t(block.size()) > keepLast_) {
        // Everything kept so far and the block's head would be dropped at once: skip them.
        const std::int64_t skipped = std::int64_t(block.size()) - keepLast_;
        chunks_.clear();
        buckets_.clear();
        begin_ = end_ = chunkBase_ = end_ + skipped;
        bucketBase_ = end_ - end_ % width_;
        block = block.last(std::size_t(keepLast_));
    }
    for (const Point& p : block) {
        if (chunks_.empty() || std::int64_t(chunks_.back().points.size()) == kChunk) {
            chunks_.push_back({{}, kNoBounds});
            chunks_.back().points.reserve(std::size_t(kChunk));
        }
        Chunk& chunk = chunks_.back();
        chunk.points.push_back(p);
        if (isFinite(p)) {
            extend(chunk.bounds, p);
            xIncreasing_ = xIncreasing_ && p.x >= lastX_;
            lastX_ = p.x;
        }
        const std::int64_t i = end_++;
        const auto bucket = std::size_t((i - bucketBase_) / width_);
        if (bucket >= buckets_.size())
            buckets_.resize(bucket + 1);
        addToBucket(buckets_[bucket], i, p);
        if (buckets_.size() > 2 * std::size_t(viewBuckets_))
            mergeBuckets();
    }
    dropFront();
}

void StreamStore::dropFront()
{
    if (keepLast_ == 0 || size() <= keepLast_)
        return;
    begin_ = end_ - keepLast_;
    std::size_t gone = 0;
    while (gone < chunks_.size() && chunkBase_ + kChunk <= begin_) {
        ++gone;
        chunkBase_ += kChunk;
    }
    chunks_.erase(chunks_.begin(), chunks_.begin() + std::ptrdiff_t(gone));
    Chunk& front = chunks_.front();
    front.bounds = kNoBounds;
    for (std::int64_t i = begin_; i < std::min(end_, chunkBase_ + kChunk); ++i)
        if (isFinite(ref(i)))
            extend(front.bounds, ref(i));
    while (!buckets_.empty() && bucketBase_ + width_ <= begin_) {
        buckets_.pop_front();
        bucketBase_ += width_;
    }
    Bucket rebuilt;
    for (std::int64_t i = begin_; i < std::min(end_, bucketBase_ + width_); ++i)
        addToBucket(rebuilt, i, ref(i));
    buckets_.front() = rebuilt;
}

void StreamStore::mergeBuckets()
{
    // Buckets twice as wide, aligned to multiples of the new width: the union of two aligned
    // halves is exactly the bucket decimating everything at the new width would build.
    const std::int64_t wider = 2 * width_;
    const std::int64_t base = bucketBase_ - bucketBase_ % wider;
    std::deque<Bucket> out;
    std::size_t k = 0;
    if (base != bucketBase_)  // the first bucket is the upper half of a wider one
        out.push_back(buckets_[k++]);
    for (; k < buckets_.size(); k += 2)
        out.push_back(k + 1 < buckets_.size() ? merged(buckets_[k], buckets_[k + 1]) : buckets_[k]);
    buckets_ = std::move(out);
    width_ = wider;
    bucketBase_ = base;
}

std::vector<Point> StreamStore::points() const
{
    std::vector<Point> out;
    out.reserve(std::size_t(size()));
    for (std::int64_t i = begin_; i < end_; ++i)
        out.push_back(ref(i));
    return out;
}

std::optional<Bounds> StreamStore::bounds() const
{
    Bounds all = kNoBounds;
    for (const Chunk& c : chunks_) {
        all.minX = std::min(all.minX, c.bounds.minX);
        all.maxX = std::max(all.maxX, c.bounds.maxX);
        all.minY = std::min(all.minY, c.bounds.minY);
        all.maxY = std::max(all.maxY, c.bounds.maxY);
    }
    if (all.minX > all.maxX)
        return std::nullopt;
    return all;
}

std::int64_t StreamStore::viewWidth(int maxBuckets) const
{
    // Groups of g stored buckets, aligned to multiples of g·width_, at most maxBuckets of them
    // (one more for a group the alignment cuts at the front).
    std::int64_t g = 1;
    const auto n = std::int64_t(buckets_.size());
    while (n / g + 1 > std::max(1, maxBuckets) && g < (std::int64_t(1) << 40))
        g *= 2;
    return g * width_;
}

std::vector<Point> StreamStore::view(int maxBuckets) const
{
    const std::int64_t g = viewWidth(maxBuckets) / width_;
    std::vector<Point> out;
    out.reserve(std::min<std::size_t>(buckets_.size(), std::size_t(std::max(1, maxBuckets)) + 1) * 4);
    const auto emit = [&](const Bucket& b) {
        if (b.first < 0)
            return;
        std::int64_t kept[6] = {b.first, b.last, b.minX, b.maxX, b.minY, b.maxY};
        emitBucket(kept, [&](std::int64_t i) { out.push_back(ref(i)); });
    };
    Bucket group;
    std::int64_t groupId = -1;
    for (std::size_t k = 0; k < buckets_.size(); ++k) {
        const std::int64_t id = (bucketBase_ / width_ + std::int64_t(k)) / g;
        if (id != groupId) {
            emit(group);
            group = Bucket{};
            groupId = id;
        }
        group = merged(group, buckets_[k]);
    }
    emit(group);
    return out;
}

} // namespace mlwb::plot
