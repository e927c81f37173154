#pragma once
// A column-major scratch matrix whose memory is a tensor's (tensor/tensor.h): a block of 8 MiB
// and more comes from the tensor library's cache of released blocks when it holds one of the
// size. A centred copy of a 20000 × 256 data set is 41 MB, and the kernel's zeroing of fresh
// pages for it took 8 ms of a 35 ms PCA; a fit run again (each bench run, a lab step run once
// more) reuses the block the previous fit released.
#include "tensor/tensor.h"

#include <Eigen/Core>

namespace mlwb::linalg {

class WorkMatrix {
public:
    // Uninitialised.
    WorkMatrix(Eigen::Index rows, Eigen::Index cols)
        : storage_(tensor::Tensor::empty({cols, rows})), map_(storage_.data<double>(), rows, cols)
    {
    }

    Eigen::Map<Eigen::MatrixXd>& operator*() { return map_; }
    const Eigen::Map<Eigen::MatrixXd>& operator*() const { return map_; }
    Eigen::Map<Eigen::MatrixXd>* operator->() { return &map_; }

private:
    tensor::Tensor storage_;  // C order, cols × rows: each of its rows is a column here
    Eigen::Map<Eigen::MatrixXd> map_;
};

} // namespace mlwb::linalg
