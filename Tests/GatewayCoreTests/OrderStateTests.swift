import GatewayCore
import Testing

/// `OrderState`: terminal/open flags and the full move matrix.
@Suite struct OrderStateTests {
    @Test func flags() {
        let terminal: Set<OrderState> = [.filled, .cancelled, .rejected, .expired]
        let open: Set<OrderState> = [.submitted, .partiallyFilled]
        for state in OrderState.allCases {
            #expect(state.isTerminal == terminal.contains(state), "\(state)")
            #expect(state.isOpen == open.contains(state), "\(state)")
        }
        #expect(!OrderState.new.isOpen && !OrderState.new.isTerminal)
    }

    @Test func moveMatrix() {
        let legal: Set<String> = [
            "new>submitted", "new>partiallyFilled", "new>filled", "new>cancelled", "new>rejected", "new>expired",
            "submitted>partiallyFilled", "submitted>filled", "submitted>cancelled", "submitted>rejected",
            "submitted>expired",
            "partiallyFilled>filled", "partiallyFilled>cancelled", "partiallyFilled>expired",
        ]
        for from in OrderState.allCases {
            for to in OrderState.allCases {
                let key = "\(from.rawValue)>\(to.rawValue)"
                #expect(from.canMove(to: to) == legal.contains(key), "\(key)")
            }
        }
    }
}
