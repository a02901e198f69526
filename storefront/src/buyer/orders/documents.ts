// The orders pages' GraphQL documents: one query per page, the live subscription, the mutations.
import { graphql, type ResultOf } from '@/shared/graphql'

export const ORDER_LIST = graphql(`
  query BuyerOrders($first: Int!, $after: String, $filter: OrderFilter) {
    orders(first: $first, after: $after, filter: $filter, sort: NEWEST) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        number
        status
        createdAt
        total { amount currency }
        lines { id name quantity isGift }
      }
    }
  }
`)

export type OrderListItem = ResultOf<typeof ORDER_LIST>['orders']['nodes'][number]


export const ORDER_DETAIL = graphql(`
  query BuyerOrder($id: ID!) {
    order(id: $id) {
      id
      number
      status
      paymentStatus
      fulfilmentStatus
      paymentMethod
      subtotal { amount currency }
      discountTotal { amount currency }
      total { amount currency }
      poNumber
      note
      requestedDeliveryDate
      createdAt
      cutoffAt
      version
      placedBy { name onBehalf }
      shippingAddress { recipient phone region street postalCode }
      lines {
        id
        sku
        name
        unit
        quantity
        unitPrice { amount currency }
        discount { amount currency }
        lineTotal { amount currency }
        isGift
        priceExplanation
      }
      history(tracks: [STATUS, PAYMENT, FULFILMENT]) { track fromValue toValue reason userName at }
      availableActions
    }
    shipments(first: 100, filter: { orderId: $id }) {
      nodes {
        id
        number
        status
        carrier
        trackingNumber
        shippedAt
        receivedAt
        receiptNote
        warehouse { id name }
        lines {
          id
          quantity
          receivedQuantity
          differenceReason
          orderLine { id name sku unit }
        }
        trackingEvents { occurredAt description location }
      }
    }
    returns(first: 100, filter: { orderId: $id }) {
      nodes {
        id
        number
        status
        reason
        createdAt
        amount { amount currency }
        lines { id shipmentLineId name sku quantity }
      }
    }
  }
`)

export type OrderDetail = NonNullable<ResultOf<typeof ORDER_DETAIL>['order']>
export type OrderLine = OrderDetail['lines'][number]
export type OrderAction = OrderDetail['availableActions'][number]
export type ShipmentDetail = ResultOf<typeof ORDER_DETAIL>['shipments']['nodes'][number]
export type ReturnDetail = ResultOf<typeof ORDER_DETAIL>['returns']['nodes'][number]

export const ORDER_UPDATED = graphql(`
  subscription BuyerOrderUpdated($orderId: ID!) {
    orderUpdated(orderId: $orderId) {
      eventId
      eventKind
      order { id status }
    }
  }
`)

export const ORDER_CANCEL = graphql(`
  mutation BuyerOrderCancel($input: OrderCancelInput!) {
    orderCancel(input: $input) {
      order { id status availableActions }
      userErrors { field code message }
    }
  }
`)

export const ORDER_UPDATE_LINES = graphql(`
  mutation BuyerOrderUpdateLines($input: OrderUpdateLinesInput!) {
    orderUpdateLines(input: $input) {
      order { id version status availableActions }
      userErrors { field code message }
    }
  }
`)

export const CART_ADD_FROM_ORDER = graphql(`
  mutation BuyerCartAddFromOrder($input: CartAddFromOrderInput!) {
    cartAddFromOrder(input: $input) {
      cart { id }
      userErrors { field code message }
    }
  }
`)

export const SHIPMENT_CONFIRM_RECEIPT = graphql(`
  mutation BuyerShipmentConfirmReceipt($input: ShipmentConfirmReceiptInput!) {
    shipmentConfirmReceipt(input: $input) {
      shipment { id status }
      order { id status availableActions }
      userErrors { field code message }
    }
  }
`)

export const RETURN_REQUEST = graphql(`
  mutation BuyerReturnRequest($input: ReturnRequestInput!) {
    returnRequest(input: $input) {
      return { id number status }
      userErrors { field code message }
    }
  }
`)
