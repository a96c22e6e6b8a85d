import { Param } from '@nestjs/common';
import { invalidField } from '../invalid-field';

const DELIVERY_ID = /^[1-9]\d{0,17}$/;

/** A delivery's id, as the log shows it: a positive integer, refused with a 400 naming it otherwise. */
export const DeliveryIdParam = () =>
  Param('deliveryId', {
    transform(value: string) {
      if (DELIVERY_ID.test(value)) return value;
      throw invalidField(
        'deliveryId',
        'deliveryId must be a positive integer',
        'deliveryId must be a delivery id from the delivery log',
      );
    },
  });
