// The approvals group's GraphQL documents: the inbox, payments, statements and returns.
import { graphql, type ResultOf } from '@/shared/graphql'

export const APPROVALS = graphql(`
  query SupplierApprovals($first: Int!, $after: String) {
    approvals(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        stepIndex
        currentStep {
          index
          name
        }
        steps {
          index
        }
        checks {
          stockSufficient
          lines {
            sku
            name
            quantity
            held
            available
          }
          creditLimit {
            amount currency
          }
          creditHeadroom {
            amount currency
          }
          prepaidBalance {
            amount currency
          }
          termsProblem
          cutoffAt
          cutoffPassed
        }
        order {
          id
          number
          createdAt
          paymentMethod
          total {
            amount currency
          }
          buyer {
            id
            name
          }
          availableActions
        }
      }
    }
  }
`)

export type ApprovalRow = ResultOf<typeof APPROVALS>['approvals']['nodes'][number]

export const APPROVAL_REQUESTED = graphql(`
  subscription SupplierApprovalRequested {
    approvalRequested {
      order {
        id
        number
      }
      stepName
      occurredAt
    }
  }
`)

export const ORDER_APPROVE = graphql(`
  mutation SupplierOrderApprove($input: OrderApproveInput!) {
    orderApprove(input: $input) {
      order {
        id
        status
        availableActions
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`)

export const ORDER_REJECT = graphql(`
  mutation SupplierOrderReject($input: OrderRejectInput!) {
    orderReject(input: $input) {
      order {
        id
        status
        availableActions
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`)

export const PAYMENTS = graphql(`
  query SupplierPayments($first: Int!, $after: String, $filter: PaymentFilter) {
    payments(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        number
        customerAccountId
        method
        amount {
          amount currency
        }
        reference
        status
        decisionNote
        createdAt
        decidedAt
        allocations {
          orderId
          orderNumber
          amount {
            amount currency
          }
        }
      }
    }
  }
`)

export type PaymentRow = ResultOf<typeof PAYMENTS>['payments']['nodes'][number]

/** The customers of the accounts on a page, in one request whatever their number. */
export const ACCOUNT_NAMES = graphql(`
  query SupplierAccountNames($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on CustomerAccount {
        id
        buyer {
          id
          name
        }
      }
    }
  }
`)

export const PAYMENT_CONFIRM = graphql(`
  mutation SupplierPaymentConfirm($input: PaymentConfirmInput!) {
    paymentConfirm(input: $input) {
      payment {
        id
        status
        decidedAt
        decisionNote
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`)

export const PAYMENT_REJECT = graphql(`
  mutation SupplierPaymentReject($input: PaymentRejectInput!) {
    paymentReject(input: $input) {
      payment {
        id
        status
        decidedAt
        decisionNote
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`)

export const CUSTOMER_ACCOUNTS = graphql(`
  query SupplierStatementCustomers {
    customerAccounts(first: 100, sort: NEWEST) {
      nodes {
        id
        status
        buyer {
          id
          code
          name
        }
      }
    }
  }
`)

export const STATEMENT = graphql(`
  query SupplierStatement($customerAccountId: ID!, $from: Date!, $to: Date!) {
    statement(customerAccountId: $customerAccountId, from: $from, to: $to) {
      customerAccountId
      from
      to
      openingBalance {
        amount currency
      }
      charges {
        amount currency
      }
      payments {
        amount currency
      }
      refunds {
        amount currency
      }
      returnCredits {
        amount currency
      }
      adjustments {
        amount currency
      }
      closingBalance {
        amount currency
      }
      entryCount
      aging {
        current {
          amount currency
        }
        days1To30 {
          amount currency
        }
        days31To60 {
          amount currency
        }
        daysOver60 {
          amount currency
        }
      }
      response {
        decision
        comment
        closingBalance {
          amount currency
        }
        at
        disputeState
        answer
        answeredAt
      }
      entries(first: 100) {
        nodes {
          id
          kind
          amount {
            amount currency
          }
          occurredAt
          orderId
          orderNumber
          documentType
          documentNumber
          note
        }
      }
    }
  }
`)

export type StatementData = NonNullable<ResultOf<typeof STATEMENT>['statement']>
export type StatementEntry = StatementData['entries']['nodes'][number]

export const STATEMENT_DISPUTE_ANSWER = graphql(`
  mutation SupplierStatementDisputeAnswer($input: StatementDisputeAnswerInput!) {
    statementDisputeAnswer(input: $input) {
      statement {
        customerAccountId
        from
        to
        response {
          decision
          disputeState
          answer
          answeredAt
        }
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`)

export const RETURNS = graphql(`
  query SupplierReturns($first: Int!, $after: String, $filter: ReturnFilter) {
    returns(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        number
        status
        orderId
        orderNumber
        reason
        refundMethod
        amount {
          amount currency
        }
        warehouse {
          id
          name
        }
        createdAt
        refundedAt
        lines {
          id
          sku
          name
          quantity
        }
      }
    }
  }
`)

export type ReturnRow = ResultOf<typeof RETURNS>['returns']['nodes'][number]

/** The customers of the returns' orders, in one request whatever their number. */
export const ORDER_CUSTOMERS = graphql(`
  query SupplierReturnOrderCustomers($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Order {
        id
        buyer {
          id
          name
        }
      }
    }
  }
`)

/**
 * The warehouses a return can go back into. The API lists no warehouses as such: the order's
 * shipments name the ones it left from, and a product's stock levels name the supplier's others.
 */
export const RETURN_WAREHOUSES = graphql(`
  query SupplierReturnWarehouses($orderId: ID!) {
    shipments(first: 20, filter: { orderId: $orderId }) {
      nodes {
        id
        warehouse {
          id
          code
          name
        }
      }
    }
    products(first: 1) {
      nodes {
        id
        variants {
          id
          stockLevels {
            warehouse {
              id
              code
              name
            }
          }
        }
      }
    }
  }
`)

export const RETURN_APPROVE = graphql(`
  mutation SupplierReturnApprove($input: ReturnApproveInput!) {
    returnApprove(input: $input) {
      return {
        id
        status
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`)

export const RETURN_REJECT = graphql(`
  mutation SupplierReturnReject($input: ReturnRejectInput!) {
    returnReject(input: $input) {
      return {
        id
        status
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`)

export const RETURN_RECEIVE = graphql(`
  mutation SupplierReturnReceive($input: ReturnReceiveInput!) {
    returnReceive(input: $input) {
      return {
        id
        status
        refundedAt
        amount {
          amount currency
        }
        warehouse {
          id
          name
        }
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`)
