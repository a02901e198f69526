// The orders pages' GraphQL documents. The board asks the live events for the same fields as its
// rows, so an event's order replaces its row as it is.
import { graphql, type ResultOf } from '@/shared/graphql'

export const BOARD_ORDERS = graphql(`
  query SupplierBoardOrders($first: Int!, $after: String, $filter: OrderFilter) {
    orders(first: $first, after: $after, filter: $filter, sort: NEWEST) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id number status paymentStatus fulfilmentStatus poNumber createdAt
        total { amount currency }
        customerAccount { id buyer { id name } salesRep { id } }
      }
    }
  }
`)

export const BOARD_UPDATES = graphql(`
  subscription SupplierBoardUpdates($afterEventId: String) {
    orderUpdated(afterEventId: $afterEventId) {
      eventId
      eventKind
      order {
        id number status paymentStatus fulfilmentStatus poNumber createdAt
        total { amount currency }
        customerAccount { id buyer { id name } salesRep { id } }
      }
    }
  }
`)

export type BoardRow = ResultOf<typeof BOARD_ORDERS>['orders']['nodes'][number]

export const BOARD_SALES_REPS = graphql(`
  query SupplierBoardSalesReps {
    users(first: 100, filter: { role: SALES, status: [ACTIVE] }) {
      nodes { id name }
    }
  }
`)

export const BOARD_CUSTOMERS = graphql(`
  query SupplierBoardCustomers {
    customerAccounts(first: 100, filter: { status: [APPROVED] }) {
      nodes { id buyer { id name } }
    }
  }
`)


export const ORDER_DETAIL = graphql(`
  query SupplierOrderDetail($id: ID!) {
    order(id: $id) {
      id number status paymentStatus fulfilmentStatus paymentMethod version poNumber note requestedDeliveryDate createdAt
      subtotal { amount currency }
      discountTotal { amount currency }
      total { amount currency }
      placedBy { id name onBehalf }
      shippingAddress { recipient phone region street postalCode }
      customerAccount { id buyer { id name } salesRep { id name } }
      supplier { id name }
      lines {
        id sku name unit quantity isGift priceExplanation priceOverrideReason
        unitPrice { amount currency }
        discount { amount currency }
        lineTotal { amount currency }
      }
      lineChanges {
        orderLineId sku name quantityBefore quantityAfter reason userName orderVersion at
        unitPriceBefore { amount currency }
        unitPriceAfter { amount currency }
      }
      history(tracks: [STATUS, PAYMENT, FULFILMENT]) { track fromValue toValue reason userName at }
      availableActions
    }
    orderFulfilment(orderId: $id) {
      lines { orderLine { id } ordered shipped }
    }
    shipments(first: 50, filter: { orderId: $id }) {
      nodes {
        id number status carrier trackingNumber shippedAt receivedAt receiptNote
        warehouse { id code name }
        amount { amount currency }
        lines { id quantity receivedQuantity differenceReason orderLine { id sku name unit } }
        trackingEvents { occurredAt description location }
      }
    }
  }
`)

export type OrderDetail = NonNullable<ResultOf<typeof ORDER_DETAIL>['order']>
export type ShipmentDetail = ResultOf<typeof ORDER_DETAIL>['shipments']['nodes'][number]

/** The payments of the order's customer; the API filters payments by customer, not by order. */
export const CUSTOMER_PAYMENTS = graphql(`
  query SupplierOrderPayments($customerAccountId: ID!) {
    payments(first: 100, filter: { customerAccountId: $customerAccountId }) {
      nodes {
        id number method status reference createdAt decidedAt
        amount { amount currency }
        allocations { orderId orderNumber amount { amount currency } }
      }
    }
  }
`)

export const ORDER_UPDATES = graphql(`
  subscription SupplierOrderUpdates($orderId: ID!) {
    orderUpdated(orderId: $orderId) { eventId eventKind }
  }
`)

export const VARIANT_SEARCH = graphql(`
  query SupplierVariantSearch($search: String!) {
    products(first: 10, filter: { search: $search }) {
      nodes { id name variants { id sku unit price { amount currency } } }
    }
  }
`)

export const ORDER_APPROVE = graphql(`
  mutation SupplierOrderApprove($input: OrderApproveInput!) {
    orderApprove(input: $input) { order { id status availableActions } userErrors { field code message } }
  }
`)

export const ORDER_REJECT = graphql(`
  mutation SupplierOrderReject($input: OrderRejectInput!) {
    orderReject(input: $input) { order { id status availableActions } userErrors { field code message } }
  }
`)

export const ORDER_CANCEL = graphql(`
  mutation SupplierOrderCancel($input: OrderCancelInput!) {
    orderCancel(input: $input) { order { id status availableActions } userErrors { field code message } }
  }
`)

export const ORDER_UPDATE_LINES = graphql(`
  mutation SupplierOrderUpdateLines($input: OrderUpdateLinesInput!) {
    orderUpdateLines(input: $input) { order { id version } userErrors { field code message } }
  }
`)

export const SHIPMENT_CREATE = graphql(`
  mutation SupplierShipmentCreate($input: ShipmentCreateInput!) {
    shipmentCreate(input: $input) { shipment { id number } userErrors { field code message } }
  }
`)

export const SHIPMENT_TRACKING_ADD = graphql(`
  mutation SupplierShipmentAddTrackingEvent($input: ShipmentAddTrackingEventInput!) {
    shipmentAddTrackingEvent(input: $input) { shipment { id } userErrors { field code message } }
  }
`)

export const DELIVERY_NOTE = graphql(`
  query SupplierDeliveryNote($id: ID!) {
    shipment(id: $id) {
      id number status carrier trackingNumber shippedAt
      warehouse { id code name }
      lines { id quantity orderLine { id sku name unit } }
      order {
        id number poNumber createdAt
        shippingAddress { recipient phone region street postalCode }
        customerAccount { id contactName contactPhone buyer { id name } }
        supplier { id name }
      }
    }
  }
`)
