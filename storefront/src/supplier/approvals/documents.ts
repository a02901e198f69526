// The approvals group's GraphQL documents: the inbox, payments, statements and returns.
import { graphql, type ResultOf } from '@/shared/graphql'

// Pieces several documents below select alike. Unmasked (@_unmask): the pages read these fields
// straight from their document's answer.
const USER_ERROR_FIELDS = graphql(`
  fragment SupplierUserErrorFields on UserError @_unmask {
    field
    code
    message
  }
`)

const PAGE_INFO_FIELDS = graphql(`
  fragment SupplierPageInfoFields on PageInfo @_unmask {
    hasNextPage
    endCursor
  }
`)

/** What a decision on an order changes: the board and the inbox refresh from it. */
const DECIDED_ORDER_FIELDS = graphql(`
  fragment SupplierDecidedOrderFields on Order @_unmask {
    id
    status
    availableActions
  }
`)

const DECIDED_PAYMENT_FIELDS = graphql(`
  fragment SupplierDecidedPaymentFields on Payment @_unmask {
    id
    status
    decidedAt
    decisionNote
  }
`)

export const APPROVALS = graphql(`
  query SupplierApprovals($first: Int!, $after: String) {
    approvals(first: $first, after: $after) {
      totalCount
      pageInfo {
        ...SupplierPageInfoFields
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
`, [PAGE_INFO_FIELDS])

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
        ...SupplierDecidedOrderFields
      }
      userErrors {
        ...SupplierUserErrorFields
      }
    }
  }
`, [USER_ERROR_FIELDS, DECIDED_ORDER_FIELDS])

export const ORDER_REJECT = graphql(`
  mutation SupplierOrderReject($input: OrderRejectInput!) {
    orderReject(input: $input) {
      order {
        ...SupplierDecidedOrderFields
      }
      userErrors {
        ...SupplierUserErrorFields
      }
    }
  }
`, [USER_ERROR_FIELDS, DECIDED_ORDER_FIELDS])

export const PAYMENTS = graphql(`
  query SupplierPayments($first: Int!, $after: String, $filter: PaymentFilter) {
    payments(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        ...SupplierPageInfoFields
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
`, [PAGE_INFO_FIELDS])

export type PaymentRow = ResultOf<typeof PAYMENTS>['payments']['nodes'][number]

/** The customers of the accounts (payments) or orders (returns) on a page, in one request whatever their number. */
export const BUYER_NAMES = graphql(`
  query SupplierBuyerNames($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on CustomerAccount {
        id
        buyer {
          id
          name
        }
      }
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

export const PAYMENT_CONFIRM = graphql(`
  mutation SupplierPaymentConfirm($input: PaymentConfirmInput!) {
    paymentConfirm(input: $input) {
      payment {
        ...SupplierDecidedPaymentFields
      }
      userErrors {
        ...SupplierUserErrorFields
      }
    }
  }
`, [USER_ERROR_FIELDS, DECIDED_PAYMENT_FIELDS])

export const PAYMENT_REJECT = graphql(`
  mutation SupplierPaymentReject($input: PaymentRejectInput!) {
    paymentReject(input: $input) {
      payment {
        ...SupplierDecidedPaymentFields
      }
      userErrors {
        ...SupplierUserErrorFields
      }
    }
  }
`, [USER_ERROR_FIELDS, DECIDED_PAYMENT_FIELDS])

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
        ...SupplierUserErrorFields
      }
    }
  }
`, [USER_ERROR_FIELDS])

export const RETURNS = graphql(`
  query SupplierReturns($first: Int!, $after: String, $filter: ReturnFilter) {
    returns(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        ...SupplierPageInfoFields
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
`, [PAGE_INFO_FIELDS])

export type ReturnRow = ResultOf<typeof RETURNS>['returns']['nodes'][number]

/** The warehouses a return's order shipped from: the natural place for its goods to go back into. */
export const RETURN_SHIPPED_FROM = graphql(`
  query SupplierReturnShippedFrom($orderId: ID!) {
    shipments(first: 20, filter: { orderId: $orderId }) {
      nodes {
        id
        warehouse {
          id
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
        ...SupplierUserErrorFields
      }
    }
  }
`, [USER_ERROR_FIELDS])

export const RETURN_REJECT = graphql(`
  mutation SupplierReturnReject($input: ReturnRejectInput!) {
    returnReject(input: $input) {
      return {
        id
        status
      }
      userErrors {
        ...SupplierUserErrorFields
      }
    }
  }
`, [USER_ERROR_FIELDS])

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
        ...SupplierUserErrorFields
      }
    }
  }
`, [USER_ERROR_FIELDS])

export const RECEIVABLES_AGING = graphql(`
  query SupplierReceivablesAging($asOf: Date, $filter: CustomerAccountFilter, $first: Int!, $after: String) {
    receivablesAging(asOf: $asOf, filter: $filter) {
      asOf
      balance { amount currency }
      total {
        current { amount currency }
        days1To30 { amount currency }
        days31To60 { amount currency }
        daysOver60 { amount currency }
        overdue { amount currency }
      }
      customers(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          customerAccount { id tier buyer { id code name } salesRep { id name } }
          paymentTermsDays
          balance { amount currency }
          aging {
            current { amount currency }
            days1To30 { amount currency }
            days31To60 { amount currency }
            daysOver60 { amount currency }
            overdue { amount currency }
          }
        }
      }
    }
  }
`)
export type ReceivableRow = NonNullable<ResultOf<typeof RECEIVABLES_AGING>['receivablesAging']>['customers']['nodes'][number]
