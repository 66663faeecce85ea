#pragma once
// The transaction log: one row per purchase, handed from the model to whoever stores it in
// batches. The model knows only TransactionSink; the HDF5 streaming lives in output/.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace journeysim::records {

// How the price paid came about (the strongest discount when several apply).
enum class DiscountKind : std::uint8_t {
    none = 0,
    sale = 1,
    coupon = 2,
    card = 3,
    price_match = 4,
    bogo = 5,
    special_order = 6,
    substitute = 7,
};

// DiscountKind's names by code, as the transaction log's readers show them.
inline constexpr std::array<std::string_view, 8> kDiscountKindNames = {
    "none", "sale", "coupon", "card", "price_match", "bogo", "special_order", "substitute"};

struct Transaction {
    double time = 0.0;              // days from day 0
    std::uint32_t household = 0;
    std::int32_t store = 0;
    std::int32_t category = 0;      // index into the scenario's categories
    std::int32_t salesperson = -1;  // staff id, -1 when nobody served (online)
    double price_paid = 0.0;
    DiscountKind discount = DiscountKind::none;
};

// Receives transactions in batches, in time order, for one replication.
class TransactionSink {
public:
    virtual ~TransactionSink() = default;
    virtual void write(std::int32_t replication, std::span<const Transaction> rows) = 0;
    // The replication ran to its horizon; nothing more will be written for it.
    virtual void finish(std::int32_t replication) = 0;
};

// The model's side: collects rows and hands them on in batches, so the sink is called once
// per few thousand purchases rather than per event.
class TransactionBuffer {
public:
    static constexpr std::size_t kBatch = 4096;

    TransactionBuffer(TransactionSink* sink, std::int32_t replication)
        : sink_(sink), replication_(replication) {
        if (sink_) rows_.reserve(kBatch);
    }
    [[nodiscard]] bool enabled() const { return sink_ != nullptr; }
    void push(const Transaction& row) {
        rows_.push_back(row);
        if (rows_.size() == kBatch) flush();
    }
    void flush() {
        if (!sink_ || rows_.empty()) return;
        sink_->write(replication_, rows_);
        rows_.clear();
    }
    void finish() {
        flush();
        if (sink_) sink_->finish(replication_);
    }

private:
    TransactionSink* sink_;
    std::int32_t replication_;
    std::vector<Transaction> rows_;
};

}  // namespace journeysim::records
