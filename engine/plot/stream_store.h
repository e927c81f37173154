#pragma once
// The full data of one streamed series, in chunks, with its bounds and a decimated view both
// updated as blocks arrive: a frame costs the new points plus the pixels, not the total.
// Used by the chart kit on the GUI thread; plain C++, tested on its own.
#include "plot/point.h"

#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <span>
#include <vector>

namespace mlwb::plot {

// Min/max decimation by index. Point i (absolute index firstIndex + position) goes in bucket
// ⌊i / width⌋, so buckets are aligned to multiples of width; a bucket keeps, in index order,
// its first and last point and those with the smallest and largest x and y, so the drawn line
// reaches every extreme of the data. Non-finite points are left out. The same buckets whether
// filled all at once (this function) or block by block (StreamStore::view).
std::vector<Point> decimateMinMax(std::span<const Point> points, std::int64_t width, std::int64_t firstIndex = 0);

struct Bounds {
    double minX, maxX, minY, maxY;
};

class StreamStore {
public:
    // keepLast > 0: only the newest keepLast points are kept (older ones are dropped); 0 keeps
    // everything. viewBuckets: the view has between viewBuckets and 2·viewBuckets buckets once
    // the data are that long (about half a bucket per pixel keeps 2–4 drawn points per pixel).
    explicit StreamStore(std::int64_t keepLast = 0, int viewBuckets = 2048);

    void append(std::span<const Point> block);
    void clear();

    std::int64_t size() const { return end_ - begin_; }
    std::int64_t keepLast() const { return keepLast_; }
    std::int64_t firstIndex() const { return begin_; }  // absolute index of the oldest point kept
    Point at(std::int64_t absoluteIndex) const { return ref(absoluteIndex); }
    std::vector<Point> points() const;  // everything kept, in order (exports, tests)
    // Of the finite points kept; empty when there are none.
    std::optional<Bounds> bounds() const;
    std::int64_t bucketWidth() const { return width_; }
    // Whether every finite point appended so far had an x no smaller than the one before: a
    // trace over time. Otherwise a path in the plane, whose index buckets span curves.
    bool xIncreasing() const { return xIncreasing_; }
    // The decimated points in index order: at most 6 per bucket, non-finite points left out,
    // in at most maxBuckets buckets (aligned groups of the stored ones merged: a panel
    // narrower than viewBuckets half-pixels draws fewer points).
    std::vector<Point> view(int maxBuckets = std::numeric_limits<int>::max()) const;
    // The bucket width view(maxBuckets) decimates with.
    std::int64_t viewWidth(int maxBuckets) const;

private:
    static constexpr std::int64_t kChunk = 4096;
    struct Chunk {
        std::vector<Point> points;
        Bounds bounds;  // of its finite kept points; minX > maxX when none
    };
    struct Bucket {
        std::int64_t first = -1, last = -1, minX = -1, maxX = -1, minY = -1, maxY = -1;  // −1: empty
        double lowX = 0, highX = 0, lowY = 0, highY = 0;  // the values at minX, maxX, minY, maxY
    };
    const Point& ref(std::int64_t index) const;
    void addToBucket(Bucket& b, std::int64_t index, const Point& p) const;
    Bucket merged(const Bucket& a, const Bucket& b) const;
    void dropFront();
    void mergeBuckets();

    std::int64_t keepLast_;
    int viewBuckets_;
    std::vector<Chunk> chunks_;  // chunk k holds absolute indices [chunkBase_ + k·kChunk, …)
    std::int64_t chunkBase_ = 0;
    std::int64_t begin_ = 0, end_ = 0;
    std::int64_t width_ = 1;       // bucket width, a power of two
    std::deque<Bucket> buckets_;   // bucket k covers [bucketBase_ + k·width_, … + width_)
    std::int64_t bucketBase_ = 0;  // a multiple of width_
    bool xIncreasing_ = true;
    double lastX_ = -std::numeric_limits<double>::infinity();
};

} // namespace mlwb::plot
